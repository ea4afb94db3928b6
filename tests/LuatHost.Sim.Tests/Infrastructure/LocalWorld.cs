using LuatHost.Sim.Module;

namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>
/// A broker and an auth server on loopback, plus module options whose host map sends the tutorial's
/// <c>*.aliyuncs.com</c> names to them and which pin their self-signed certificate.
/// <para>Why not <c>LocalCloud</c>: these tests replay the tutorial's transcripts byte for byte (its fixed iotId/iotToken,
/// its 124-byte auth answer), which the registry-driven local cloud does not reproduce, and they keep the virtual
/// module's tests independent of the cloud's code, so a mistake shared by both cannot hide.</para>
/// </summary>
public sealed class LocalWorld : IAsyncDisposable
{
    public const string ProductKey = Testing.Tutorial.ProductKey;
    public const string Imei = Testing.Tutorial.DeviceName;
    public const string MqttHost = Testing.Tutorial.MqttHost;
    public const string IotId = "GAQYuiW0qid2H5NfMu9l000100";
    public const string IotToken = "^1^1589511374876^27f6f5a03b709fc";
    public const string DirectClientId = "866714043075174|securemode=3,signmethod=hmacsha1|";
    public const string DirectUser = "866714043075174&a1mxL3s6Z7m";
    public const string DirectPassword = "B1107184D60649B62ECF56F0E7E98E7B3772A3E7";

    private LocalWorld(TestBroker broker, AuthHttpServer http)
    {
        Broker = broker;
        Http = http;
        broker.Credentials[Imei] = (IotId, IotToken);
        broker.Credentials[DirectClientId] = (DirectUser, DirectPassword);
    }

    public TestBroker Broker { get; }
    public AuthHttpServer Http { get; }

    public static async Task<LocalWorld> StartAsync() =>
        new(await TestBroker.StartAsync(), await AuthHttpServer.StartAsync());

    public ModuleOptions Options(TimeSpan? connectDeadline = null, bool mpubexSupported = true) => new()
    {
        MpubexSupported = mpubexSupported,
        HostMap = new HostMap()
            .Add("*.aliyuncs.com", "127.0.0.1", Broker.PlainPort, RemoteProtocol.MqttTcp)
            .Add("*.aliyuncs.com", "127.0.0.1", Broker.TlsPort, RemoteProtocol.MqttTls)
            .Add("*.aliyuncs.com", "127.0.0.1", Http.HttpPort, RemoteProtocol.Http)
            .Add("*.aliyuncs.com", "127.0.0.1", Http.HttpsPort, RemoteProtocol.Https),
        PinnedCertificate = TestCertificate.Server,
        MqttConnectDeadline = connectDeadline ?? TimeSpan.FromSeconds(5),
    };

    public async ValueTask DisposeAsync()
    {
        await Broker.DisposeAsync();
        await Http.DisposeAsync();
    }
}
