using LuatHost.Modem;
using LuatHost.Aliyun;
using LuatHost.At;
using LuatHost.Cli.Simulation;
using LuatHost.Luat;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Registry;
using LuatHost.Sim.Module;

namespace LuatHost.Testing;

/// <summary>
/// The real thing, in process: the local cloud (registry, HTTPS auth, MQTTnet broker), a virtual Air724UG routed to
/// it (host map + pinned certificate) on a real in-memory duplex, and the host's AT engine on the other end — the one
/// world fixture of the tests and the bench. Knobs (<see cref="AliyunWorldOptions"/>): the registry, realism, the
/// module's identity, AT timeouts, the reconnect policy; faults go through <see cref="Module"/>'s <c>Faults</c>.
/// </summary>
public sealed class AliyunWorld : IAsyncDisposable
{
    private readonly SimulatedModuleRig _rig;
    private readonly bool _ownsCloud;
    private readonly List<AliyunClient> _clients = [];

    private AliyunWorld(LocalCloud cloud, SimulatedModuleRig rig, AtEngine engine, AliyunWorldOptions options, bool ownsCloud)
    {
        Cloud = cloud;
        _rig = rig;
        _ownsCloud = ownsCloud;
        Engine = engine;
        Device = new LuatDevice(new Air724(engine, options.Timeouts)) { AliyunReconnect = options.Reconnect ?? new ReconnectPolicy() };
    }

    public LocalCloud Cloud { get; }

    public VirtualModule Module => _rig.Module;

    public AtEngine Engine { get; }

    public LuatDevice Device { get; }

    /// <summary>The one Air724 of this world's module, shared by every service a test starts on it.</summary>
    public Air724 Modem => Device.Modem;

    public static Task<AliyunWorld> StartAsync(string registryJson = TestRegistry.Json, RealismProfile? realism = null, ReconnectPolicy? reconnect = null) =>
        StartAsync(new AliyunWorldOptions { RegistryJson = registryJson, Realism = realism, Reconnect = reconnect });

    public static async Task<AliyunWorld> StartAsync(AliyunWorldOptions options)
    {
        var cloud = await LocalCloud.StartAsync(new LocalCloudOptions
        {
            Registry = DeviceRegistry.FromJson(options.RegistryJson),
            MessageLogCapacity = options.MessageLogCapacity ?? new LocalCloudOptions().MessageLogCapacity,
        });
        return await StartAroundAsync(cloud, options, ownsCloud: true);
    }

    /// <summary>A world around a cloud someone else started (the demo's <see cref="ProjectCloud"/>); disposed with the world.</summary>
    public static Task<AliyunWorld> AroundAsync(LocalCloud cloud, RealismProfile? realism = null, ReconnectPolicy? reconnect = null) =>
        StartAroundAsync(cloud, new AliyunWorldOptions { Realism = realism, Reconnect = reconnect }, ownsCloud: true);

    /// <summary>One of several modules on a shared cloud (the bench's scale rows): the cloud outlives this world.</summary>
    public static Task<AliyunWorld> SharingAsync(LocalCloud cloud, AliyunWorldOptions options) => StartAroundAsync(cloud, options, ownsCloud: false);

    private static async Task<AliyunWorld> StartAroundAsync(LocalCloud cloud, AliyunWorldOptions options, bool ownsCloud)
    {
        var rig = SimulatedModuleRig.Start(CloudModuleOptions.For(cloud, options.Identity, options.Realism));
        var engine = new AtEngine(rig.HostLink, Air724Dialect.Table, new AtEngineOptions { OwnsLink = false });
        var world = new AliyunWorld(cloud, rig, engine, options, ownsCloud);
        // A realistic module is deaf for a while after RDY: start when AT answers, as the CLI does.
        await world.Device.WaitUntilReadyAsync(options.ReadyBudget);
        return world;
    }

    /// <summary>Runs a Luat project on this world's module; the run goes on until stopped or the script ends.</summary>
    public LuaRun Run(LuaProject project, TimeSpan? safetyNet = null, Aliyun.Ota.OtaDownloadOptions? ota = null) =>
        LuaRun.Start(project, Device, safetyNet, ota);

    /// <summary>
    /// The Aliyun client service (what Lua's aLiYun and the C# globals call) on this world's module, logged in by signed
    /// direct MQTT as a device of the registry; it starts connecting at once and is disposed with the world.
    /// <paramref name="connected"/> is attached before the connection starts, so no CONNACK is missed.
    /// </summary>
    public AliyunClient StartDirectClient(string productKey, string deviceName, string deviceSecret, Action<bool>? connected = null)
    {
        var client = new AliyunClient(Modem, Device.AliyunReconnect);
        lock (_clients) _clients.Add(client);
        if (connected is not null) client.Connected += connected;
        client.SetConnectMode(new DirectConnectEndpoint());
        client.Setup(new AliyunDevice(productKey, null, DeviceCredentialSource.Fixed(deviceName, deviceSecret)));
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        AliyunClient[] clients;
        lock (_clients) clients = [.. _clients];
        foreach (var client in clients) await client.DisposeAsync();
        await Engine.DisposeAsync();
        await _rig.DisposeAsync();
        if (_ownsCloud) await Cloud.DisposeAsync();
    }
}

/// <summary>The knobs of one <see cref="AliyunWorld"/>; every one has the default the tutorial's world uses.</summary>
public sealed record AliyunWorldOptions
{
    public string RegistryJson { get; init; } = TestRegistry.Json;

    public RealismProfile? Realism { get; init; }

    public ReconnectPolicy? Reconnect { get; init; }

    /// <summary>The module's IMEI and SN store; null = the virtual module's defaults.</summary>
    public ModuleIdentity? Identity { get; init; }

    /// <summary>AT timeouts of the host side; null = the dialect's defaults.</summary>
    public ModemTimeouts? Timeouts { get; init; }

    /// <summary>How many messages the cloud's log keeps; null = the cloud's default.</summary>
    public int? MessageLogCapacity { get; init; }

    /// <summary>How long the module may take to answer AT after power-on (harsh realism is slow).</summary>
    public TimeSpan ReadyBudget { get; init; } = TimeSpan.FromSeconds(10);
}
