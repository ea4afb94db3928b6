using LuatHost.Aliyun;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Module;
using LuatHost.Testing;

namespace LuatHost.Bench.Support;

/// <summary>
/// One module of a bench row running the Aliyun demo flow through the host's own service: the test kit's world fixture
/// (<see cref="AliyunWorld"/>: a virtual module on an in-memory link, the AT engine) sharing the row's local cloud, and
/// <see cref="AliyunClient"/> (the service behind Lua's aLiYun and the C# globals) logged in with a signed direct
/// connection as device <c>index</c>.
/// </summary>
public sealed class AliyunRig : IAsyncDisposable
{
    private readonly AliyunWorld _world;

    private AliyunRig(AliyunWorld world, AliyunClient client, string topic)
    {
        _world = world;
        Client = client;
        UpdateTopic = topic;
    }

    public AliyunClient Client { get; }

    public VirtualModule Module => _world.Module;

    public string UpdateTopic { get; }

    public static async Task<AliyunRig> StartAsync(LocalCloud cloud, int index, ReconnectPolicy? policy = null, RealismProfile? realism = null)
    {
        var deviceName = BenchCloud.DeviceName(index);
        var world = await AliyunWorld.SharingAsync(cloud, new AliyunWorldOptions
        {
            Identity = new ModuleIdentity { Imei = deviceName },
            Reconnect = policy,
            Realism = realism,
            ReadyBudget = TimeSpan.FromSeconds(60),
        });
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = world.StartDirectClient(BenchCloud.ProductKey, deviceName, BenchCloud.DeviceSecret(index), ok =>
        {
            if (ok)
            {
                connected.TrySetResult();
            }
        });
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new AliyunRig(world, client, $"/{BenchCloud.ProductKey}/{deviceName}/user/update");
    }

    public ValueTask DisposeAsync() => _world.DisposeAsync();
}
