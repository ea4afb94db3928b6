using System.Security.Cryptography.X509Certificates;
using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Sim.Cloud;

/// <summary>How to start the local cloud. Ports 0 = any free loopback port (read the real ones from <see cref="LocalCloud"/>).</summary>
public sealed record LocalCloudOptions
{
    /// <summary>Registry file; changes (activation, registered secrets) are written back to it atomically.</summary>
    public string? RegistryPath { get; init; }

    /// <summary>A registry object; wins over <see cref="RegistryPath"/>. Neither = the embedded sample, in memory.</summary>
    public DeviceRegistry? Registry { get; init; }

    public int MqttPort { get; init; }

    public int MqttTlsPort { get; init; }

    public int HttpPort { get; init; }

    public int HttpsPort { get; init; }

    /// <summary>Server certificate for HTTPS and MQTT TLS; null = a fresh self-signed one.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Port advertised in /auth/devicename's resources.mqtt (the public one a device dials by name).</summary>
    public int AdvertisedMqttPort { get; init; } = 1883;

    public CloudBrokerOptions Broker { get; init; } = new();

    public int MessageLogCapacity { get; init; } = 1000;
}
