using System.Globalization;
using LuatHost.Aliyun;
using LuatHost.At;
using LuatHost.Cli.Simulation;
using LuatHost.Modem;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Registry;
using LuatHost.Sim.Module;
using LuatHost.Transport;

namespace LuatHost.Reliability.Tests.Faults;

/// <summary>
/// The real stack for the fault soak: local cloud on loopback, a virtual Air724UG on a real in-memory duplex, the AT
/// engine, and the Aliyun client service (what Lua's aLiYun and the C# globals call) logged in by signed direct MQTT.
/// <see cref="Connections"/> records every CONNACK so a test can measure how long recovery took.
/// </summary>
internal sealed class SoakRig : IAsyncDisposable
{
    public const string ProductKey = "a1SoakPrd01";
    public const string DeviceName = "866714049990001";
    private const string DeviceSecret = "SoakSecretSoakSecretSoakSecret01";

    private readonly Stream _host;
    private readonly Stream _device;
    private readonly AtEngine _engine;
    private readonly Lock _gate = new();
    private readonly List<DateTime> _connections = [];
    private TaskCompletionSource _nextConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SoakRig(LocalCloud cloud, Stream host, Stream device, VirtualModule module, AtEngine engine, AliyunClient client)
    {
        Cloud = cloud;
        _host = host;
        _device = device;
        Module = module;
        _engine = engine;
        Client = client;
        client.Connected += OnConnected;
    }

    public LocalCloud Cloud { get; }

    public VirtualModule Module { get; }

    public AliyunClient Client { get; }

    public static string Topic => $"/{ProductKey}/{DeviceName}/user/update";

    public static async Task<SoakRig> StartAsync(ModemTimeouts timeouts, ReconnectPolicy policy)
    {
        var registry = DeviceRegistry.FromJson(
            $"{{\"products\":[{{\"productKey\":\"{ProductKey}\",\"region\":\"cn-shanghai\",\"dynamicRegistration\":false,\"topics\":[]," +
            $"\"devices\":[{{\"deviceName\":\"{DeviceName}\",\"deviceSecret\":\"{DeviceSecret}\",\"enabled\":true,\"activated\":false}}]}}]}}");
        var cloud = await LocalCloud.StartAsync(new LocalCloudOptions { Registry = registry, MessageLogCapacity = 100_000 });
        var (host, device) = InMemoryDuplex.CreatePair();
        var module = new VirtualModule(device, CloudModuleOptions.For(cloud, new ModuleIdentity { Imei = DeviceName })).Start();
        await module.Booted;
        var engine = new AtEngine(host, Air724Dialect.Table);
        var client = new AliyunClient(new Air724(engine, timeouts), policy);
        var rig = new SoakRig(cloud, host, device, module, engine, client);
        client.SetConnectMode(new DirectConnectEndpoint());
        client.Setup(new AliyunDevice(ProductKey, null, DeviceCredentialSource.Fixed(DeviceName, DeviceSecret)));
        return rig;
    }

    /// <summary>Waits for a CONNACK that comes after <paramref name="since"/> and returns when it came.</summary>
    public async Task<DateTime> WaitForConnectionAfterAsync(DateTime since, TimeSpan guard)
    {
        var deadline = DateTime.UtcNow + guard;
        while (true)
        {
            Task next;
            lock (_gate)
            {
                var found = _connections.FirstOrDefault(t => t > since);
                if (found != default)
                {
                    return found;
                }
                next = _nextConnection.Task;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"no reconnect within {guard.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s after {since:HH:mm:ss.fff}");
            }
            await Task.WhenAny(next, Task.Delay(left));
        }
    }

    private void OnConnected(bool ok)
    {
        if (!ok)
        {
            return;
        }
        TaskCompletionSource wake;
        lock (_gate)
        {
            _connections.Add(DateTime.UtcNow);
            wake = _nextConnection;
            _nextConnection = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        wake.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await _engine.DisposeAsync();
        await Module.DisposeAsync();
        await _host.DisposeAsync();
        await _device.DisposeAsync();
        await Cloud.DisposeAsync();
    }
}
