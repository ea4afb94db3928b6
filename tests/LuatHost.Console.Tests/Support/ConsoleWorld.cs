using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Console;

namespace LuatHost.Console.Tests.Support;

/// <summary>
/// The local cloud backed by a registry file in a temp folder, its web console on a free loopback port, and (on
/// request) the kit's world (a virtual Air724UG routed to that cloud) with a Luat project running on it — all real,
/// in process. The registry lives in a file here because the console edits it there.
/// </summary>
internal sealed class ConsoleWorld : IAsyncDisposable
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly TemporaryFolder _folder;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<LuaProject> _projects = [];

    private ConsoleWorld(TemporaryFolder folder, LocalCloud cloud, ConsoleServer console)
    {
        _folder = folder;
        Cloud = cloud;
        Console = console;
        Http = new HttpClient { BaseAddress = console.Url };
    }

    public LocalCloud Cloud { get; }

    public ConsoleServer Console { get; }

    public HttpClient Http { get; }

    public string RegistryPath => _folder.PathOf("registry.json");

    public static async Task<ConsoleWorld> StartAsync(string registryJson)
    {
        var folder = new TemporaryFolder("luathost-console-tests");
        var path = folder.Write("registry.json", registryJson);
        var cloud = await LocalCloud.StartAsync(new LocalCloudOptions { RegistryPath = path });
        var console = await ConsoleServer.StartAsync(cloud, new ConsoleOptions());
        return new ConsoleWorld(folder, cloud, console);
    }

    /// <summary>Runs a Luat project (main.lua + files) on a virtual module connected to this cloud (the kit's world).</summary>
    public async Task<LuaRun> RunScriptAsync(IReadOnlyDictionary<string, string> files)
    {
        var project = new LuaProject();
        _projects.Add(project);
        foreach (var (name, content) in files) project.File(name, content);
        var world = await AliyunWorld.SharingAsync(Cloud, new AliyunWorldOptions());
        _owned.Add(world);
        var run = world.Run(project, TimeSpan.FromSeconds(120));
        _owned.Add(run);
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        // Last started, first stopped: the script, then its world (AT engine, module).
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        foreach (var project in _projects) project.Dispose();
        await Console.DisposeAsync();
        await Cloud.DisposeAsync();
        _folder.Dispose();
    }
}

