using LuatHost.Modem;
using LuatHost.At;
using LuatHost.Cli.Simulation;
using LuatHost.Luat;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Module;

namespace LuatHost.Bench.Support;

/// <summary>
/// One in-process rig running a Luat project as `luathost run` does: a virtual module on an in-memory link routed to
/// the shared local cloud, the AT engine, and the project's own Lua state and thread (<see cref="LuatProjectRunner"/>).
/// </summary>
public sealed class LuaRig : IAsyncDisposable
{
    private readonly ModuleLink _link;
    private readonly AtEngine _engine;
    private readonly CancellationTokenSource _stop;
    private readonly DirectoryInfo _data;

    private LuaRig(ModuleLink link, AtEngine engine, DirectoryInfo data, CancellationTokenSource stop, Task<LuatRunResult> run)
    {
        _link = link;
        _engine = engine;
        _data = data;
        _stop = stop;
        Run = run;
    }

    public Task<LuatRunResult> Run { get; }

    public static async Task<LuaRig> StartAsync(LocalCloud cloud, int index, string projectDirectory)
    {
        var deviceName = BenchCloud.DeviceName(index);
        var link = await ModuleLink.InMemoryAsync(CloudModuleOptions.For(cloud, new ModuleIdentity { Imei = deviceName }));
        var engine = new AtEngine(link.Host, Air724Dialect.Table);
        var device = new LuatDevice(new Air724(engine));
        await device.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        var data = Directory.CreateTempSubdirectory("luathost-bench-p5-");
        var runner = new LuatProjectRunner(new LuatRunOptions
        {
            ProjectDirectory = projectDirectory,
            DataDirectory = data.FullName,
            Output = _ => { },
            Diagnostics = _ => { },
        }, device);
        var stop = new CancellationTokenSource();
        return new LuaRig(link, engine, data, stop, runner.RunAsync(stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await ((Task)Run).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _engine.DisposeAsync().ConfigureAwait(false);
        await _link.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
        _data.Delete(recursive: true);
    }
}
