using LuatHost.Modem;
using LuatHost.At;
using LuatHost.Cli.Simulation;
using LuatHost.Luat;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Registry;
using LuatHost.Sim.Module;

namespace LuatHost.EndToEnd.Tests.Support;

/// <summary>
/// The real thing, in process: the local cloud (registry, HTTPS auth, MQTTnet broker), a virtual Air724UG routed to
/// it (host map + pinned certificate) on a real in-memory duplex, and the host's AT engine on the other end.
/// </summary>
internal sealed class AliyunWorld : IAsyncDisposable
{
    private readonly SimulatedModuleRig _rig;

    private AliyunWorld(LocalCloud cloud, SimulatedModuleRig rig, AtEngine engine)
    {
        Cloud = cloud;
        _rig = rig;
        Engine = engine;
        Device = new LuatDevice(new Air724(engine));
    }

    public LocalCloud Cloud { get; }

    public VirtualModule Module => _rig.Module;

    public AtEngine Engine { get; }

    public LuatDevice Device { get; }

    /// <summary>The one Air724 of this world's module, shared by every service a test starts on it.</summary>
    public Air724 Modem => Device.Modem;

    public static async Task<AliyunWorld> StartAsync(string registryJson = TestRegistry.Json)
    {
        var cloud = await LocalCloud.StartAsync(new LocalCloudOptions { Registry = DeviceRegistry.FromJson(registryJson) });
        return await AroundAsync(cloud);
    }

    /// <summary>A world around a cloud someone else started (the demo's <see cref="ProjectCloud"/>).</summary>
    public static async Task<AliyunWorld> AroundAsync(LocalCloud cloud)
    {
        var rig = SimulatedModuleRig.Start(CloudModuleOptions.For(cloud));
        var engine = new AtEngine(rig.HostLink, Air724Dialect.Table, new AtEngineOptions { OwnsLink = false });
        var world = new AliyunWorld(cloud, rig, engine);
        await world.Device.WaitUntilReadyAsync(TimeSpan.FromSeconds(10));
        return world;
    }

    /// <summary>Runs a Luat project on this world's module; the run goes on until stopped or the script ends.</summary>
    public LuaRun Run(LuaProject project, TimeSpan? safetyNet = null) => LuaRun.Start(project, Device, safetyNet);

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        await _rig.DisposeAsync();
        await Cloud.DisposeAsync();
    }
}
