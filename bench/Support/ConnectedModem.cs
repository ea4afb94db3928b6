using LuatHost.Aliyun;
using LuatHost.Aliyun.Signing;
using LuatHost.At;
using LuatHost.Cli.Simulation;
using LuatHost.Modem;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Module;

namespace LuatHost.Bench.Support;

/// <summary>
/// A virtual module on an in-memory link, driven by the host's engine and Air724 dialect, logged in to the local
/// cloud as device <c>index</c> with a signed direct MQTT connection (AT+MCONFIG, AT+MIPSTART, AT+MCONNECT).
/// The link can be wrapped (paced, counted) before the engine sees it.
/// </summary>
public sealed class ConnectedModem : IAsyncDisposable
{
    private readonly ModuleLink _link;

    private ConnectedModem(ModuleLink link, AtEngine engine, Air724 modem, string topic)
    {
        _link = link;
        Engine = engine;
        Modem = modem;
        UpdateTopic = topic;
    }

    public AtEngine Engine { get; }

    public Air724 Modem { get; }

    public VirtualModule Module => _link.Module;

    /// <summary>The device's own <c>/pk/dn/user/update</c> topic (allowed by the cloud's ACL).</summary>
    public string UpdateTopic { get; }

    public static async Task<ConnectedModem> StartAsync(LocalCloud cloud, int index, Func<Stream, Stream>? wrapHostLink = null, bool echoOff = true)
    {
        var deviceName = BenchCloud.DeviceName(index);
        var options = CloudModuleOptions.For(cloud, new ModuleIdentity { Imei = deviceName });
        var link = await ModuleLink.InMemoryAsync(options);
        var host = wrapHostLink is null ? link.Host : wrapHostLink(link.Host);
        var engine = new AtEngine(host, Air724Dialect.Table);
        var modem = new Air724(engine);
        await modem.Identity.WaitUntilReadyAsync(TimeSpan.FromSeconds(30));
        if (echoOff)
        {
            await modem.Identity.SetEchoAsync(false);
        }
        var credentials = MqttCredentials.ForDirectConnect(BenchCloud.ProductKey, deviceName, BenchCloud.DeviceSecret(index),
            timestamp: AliyunDefaults.SignTimestamp);
        await modem.Mqtt.ConfigureAsync(credentials.ClientId, credentials.Username, credentials.Password);
        await modem.Mqtt.StartAsync(AliyunDefaults.MqttHost(BenchCloud.ProductKey, AliyunDefaults.Region), AliyunDefaults.MqttPort);
        await modem.Mqtt.ConnectAsync(cleanSession: true, keepAliveSeconds: 300);
        return new ConnectedModem(link, engine, modem, $"/{BenchCloud.ProductKey}/{deviceName}/user/update");
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        await _link.DisposeAsync().ConfigureAwait(false);
    }
}
