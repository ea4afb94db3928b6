using System.Globalization;
using LuatHost.Aliyun;
using LuatHost.Modem;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Module;

namespace LuatHost.Reliability.Tests.Faults;

/// <summary>
/// The fault soak's view of the one world fixture (<see cref="AliyunWorld"/>: local cloud, a virtual Air724UG on a real
/// in-memory duplex, the AT engine) with the Aliyun client service (what Lua's aLiYun and the C# globals call) logged in
/// by signed direct MQTT. <see cref="WaitForConnectionAfterAsync"/> finds the CONNACKs so a test can measure how long
/// recovery took.
/// </summary>
internal sealed class SoakRig : IAsyncDisposable
{
    public const string ProductKey = "a1SoakPrd01";
    public const string DeviceName = "866714049990001";
    private const string DeviceSecret = "SoakSecretSoakSecretSoakSecret01";

    private readonly AliyunWorld _world;
    private readonly Lock _gate = new();
    private readonly List<DateTime> _connections = [];
    private TaskCompletionSource _nextConnection = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SoakRig(AliyunWorld world)
    {
        _world = world;
    }

    public LocalCloud Cloud => _world.Cloud;

    public VirtualModule Module => _world.Module;

    public AliyunClient Client { get; private set; } = null!;

    public static string Topic => $"/{ProductKey}/{DeviceName}/user/update";

    public static async Task<SoakRig> StartAsync(ModemTimeouts timeouts, ReconnectPolicy policy, RealismProfile? realism = null)
    {
        var world = await AliyunWorld.StartAsync(new AliyunWorldOptions
        {
            RegistryJson =
                $"{{\"products\":[{{\"productKey\":\"{ProductKey}\",\"region\":\"cn-shanghai\",\"dynamicRegistration\":false,\"topics\":[]," +
                $"\"devices\":[{{\"deviceName\":\"{DeviceName}\",\"deviceSecret\":\"{DeviceSecret}\",\"enabled\":true,\"activated\":false}}]}}]}}",
            MessageLogCapacity = 100_000,
            Identity = new ModuleIdentity { Imei = DeviceName },
            Realism = realism,
            Timeouts = timeouts,
            Reconnect = policy,
            ReadyBudget = TimeSpan.FromSeconds(30),
        });
        var rig = new SoakRig(world);
        rig.Client = world.StartDirectClient(ProductKey, DeviceName, DeviceSecret, rig.OnConnected);
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

    public ValueTask DisposeAsync() => _world.DisposeAsync();
}
