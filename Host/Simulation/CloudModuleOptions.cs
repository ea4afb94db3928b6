using LuatHost.Sim.Cloud;
using LuatHost.Sim.Module;

namespace LuatHost.Cli.Simulation;

/// <summary>
/// Points a virtual module at the local cloud: every <c>*.aliyuncs.com</c> name lands on the cloud's loopback port
/// for that protocol (MQTT plain, MQTT TLS, HTTP, HTTPS), and TLS peers must present the cloud's own certificate.
/// </summary>
public static class CloudModuleOptions
{
    public const string AliyunHosts = "*.aliyuncs.com";

    public static ModuleOptions For(LocalCloud cloud, ModuleIdentity? identity = null, RealismProfile? realism = null) => new()
    {
        Identity = identity ?? new ModuleIdentity(),
        HostMap = Routes(cloud, new HostMap()),
        PinnedCertificate = cloud.Certificate,
        Realism = realism ?? RealismProfile.Instant,
    };

    /// <summary>Adds the four protocol rules to <paramref name="map"/> and returns it.</summary>
    public static HostMap Routes(LocalCloud cloud, HostMap map) => map
        .Add(AliyunHosts, "127.0.0.1", cloud.MqttEndpoint.Port, RemoteProtocol.MqttTcp)
        .Add(AliyunHosts, "127.0.0.1", cloud.MqttTlsEndpoint.Port, RemoteProtocol.MqttTls)
        .Add(AliyunHosts, "127.0.0.1", cloud.HttpEndpoint.Port, RemoteProtocol.Http)
        .Add(AliyunHosts, "127.0.0.1", cloud.HttpsEndpoint.Port, RemoteProtocol.Https);
}
