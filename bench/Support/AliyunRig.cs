using LuatHost.Modem;
using LuatHost.Aliyun;
using LuatHost.At;
using LuatHost.Cli.Simulation;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Module;

namespace LuatHost.Bench.Support;

/// <summary>
/// One in-process rig running the Aliyun demo flow through the host's own service: a virtual module on an in-memory
/// link, the AT engine, and <see cref="AliyunClient"/> (the service behind Lua's aLiYun and the C# globals) logged in
/// to the shared local cloud with a signed direct connection as device <c>index</c>.
/// </summary>
public sealed class AliyunRig : IAsyncDisposable
{
    private readonly ModuleLink _link;
    private readonly AtEngine _engine;

    private AliyunRig(ModuleLink link, AtEngine engine, AliyunClient client, string topic)
    {
        _link = link;
        _engine = engine;
        Client = client;
        UpdateTopic = topic;
    }

    public AliyunClient Client { get; }

    public VirtualModule Module => _link.Module;

    public string UpdateTopic { get; }

    public static async Task<AliyunRig> StartAsync(LocalCloud cloud, int index, ReconnectPolicy? policy = null, RealismProfile? realism = null)
    {
        var deviceName = BenchCloud.DeviceName(index);
        var link = await ModuleLink.InMemoryAsync(CloudModuleOptions.For(cloud, new ModuleIdentity { Imei = deviceName }, realism));
        var engine = new AtEngine(link.Host, Air724Dialect.Table);
        var client = new AliyunClient(new Air724(engine), policy);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += ok =>
        {
            if (ok)
            {
                connected.TrySetResult();
            }
        };
        client.SetConnectMode(new DirectConnectEndpoint());
        client.Setup(new Aliyun.AliyunDevice(BenchCloud.ProductKey, null, DeviceCredentialSource.Fixed(deviceName, BenchCloud.DeviceSecret(index))));
        await connected.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return new AliyunRig(link, engine, client, $"/{BenchCloud.ProductKey}/{deviceName}/user/update");
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        await _engine.DisposeAsync().ConfigureAwait(false);
        await _link.DisposeAsync().ConfigureAwait(false);
    }
}
