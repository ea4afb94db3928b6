using LuatHost.Modem;
using LuatHost.At;
using LuatHost.Cli.Simulation;
using LuatHost.Luat;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Console;

namespace LuatHost.Console.Tests.Support;

/// <summary>
/// The local cloud backed by a registry file in a temp folder, its web console on a free loopback port, and (on
/// request) a virtual Air724UG routed to that cloud with a Luat project running on it — all real, in process.
/// </summary>
internal sealed class ConsoleWorld : IAsyncDisposable
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly string _folder;
    private readonly List<IAsyncDisposable> _owned = [];

    private ConsoleWorld(string folder, LocalCloud cloud, ConsoleServer console)
    {
        _folder = folder;
        Cloud = cloud;
        Console = console;
        Http = new HttpClient { BaseAddress = console.Url };
    }

    public LocalCloud Cloud { get; }

    public ConsoleServer Console { get; }

    public HttpClient Http { get; }

    public string RegistryPath => Path.Combine(_folder, "registry.json");

    public static async Task<ConsoleWorld> StartAsync(string registryJson)
    {
        var folder = Path.Combine(Path.GetTempPath(), "luathost-console-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "registry.json");
        await File.WriteAllTextAsync(path, registryJson);
        var cloud = await LocalCloud.StartAsync(new LocalCloudOptions { RegistryPath = path });
        var console = await ConsoleServer.StartAsync(cloud, new ConsoleOptions());
        return new ConsoleWorld(folder, cloud, console);
    }

    /// <summary>Runs a Luat project (main.lua + files) on a virtual module connected to this cloud.</summary>
    public async Task<ScriptRun> RunScriptAsync(IReadOnlyDictionary<string, string> files)
    {
        var project = Path.Combine(_folder, "project-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(project);
        foreach (var (name, content) in files) await File.WriteAllTextAsync(Path.Combine(project, name), content);
        var rig = SimulatedModuleRig.Start(CloudModuleOptions.For(Cloud));
        _owned.Add(rig);
        var modem = Air724.Open(rig.HostLink, new AtEngineOptions { OwnsLink = false });
        _owned.Add(modem);
        var device = new LuatDevice(modem);
        await device.WaitUntilReadyAsync(TimeSpan.FromSeconds(10));
        var run = ScriptRun.Start(project, Path.Combine(project, ".device"), device);
        _owned.Add(run);
        return run;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        // Last started, first stopped: the script, then the AT engine, then the module.
        for (var i = _owned.Count - 1; i >= 0; i--) await _owned[i].DisposeAsync();
        await Console.DisposeAsync();
        await Cloud.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}

/// <summary>One Luat project run on its own Lua thread; tests wait for its output lines.</summary>
internal sealed class ScriptRun : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];
    private readonly CancellationTokenSource _stop = new();
    private Task<LuatRunResult> _completion = Task.FromResult(new LuatRunResult(0, null, 0));

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate) return [.. _lines];
        }
    }

    public static ScriptRun Start(string project, string data, LuatDevice device)
    {
        var run = new ScriptRun();
        var options = new LuatRunOptions
        {
            ProjectDirectory = project,
            DataDirectory = data,
            Output = line =>
            {
                lock (run._gate) run._lines.Add(line);
            },
            Duration = TimeSpan.FromSeconds(120),
            RestartOnRequest = false,
        };
        run._completion = new LuatProjectRunner(options, device).RunAsync(run._stop.Token);
        return run;
    }

    /// <summary>Waits (polling, the hang guard only) for a line containing every fragment.</summary>
    public async Task<string> WaitForLineAsync(params string[] fragments)
    {
        var deadline = DateTime.UtcNow + ConsoleWorld.HangGuard;
        while (DateTime.UtcNow < deadline)
        {
            var line = Lines.FirstOrDefault(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal)));
            if (line is not null) return line;
            await Task.Delay(50);
        }
        throw new TimeoutException($"no script line with '{string.Join(" … ", fragments)}'. Output:\n" + string.Join("\n", Lines));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await ((Task)_completion).WaitAsync(ConsoleWorld.HangGuard).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
