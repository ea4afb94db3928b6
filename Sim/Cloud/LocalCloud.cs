using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Http;
using LuatHost.Sim.Cloud.Ota;
using LuatHost.Sim.Cloud.Registry;
using LuatHost.Sim.Cloud.ThingModel;

namespace LuatHost.Sim.Cloud;

/// <summary>
/// The local Aliyun-compatible IoT platform in process: registry, HTTP(S) auth service and MQTT
/// broker (plain and TLS) on 127.0.0.1. Dispose to stop everything.
/// </summary>
public sealed class LocalCloud : IAsyncDisposable
{
    private readonly CloudBroker _broker;
    private readonly CloudHttpServer _http;
    private readonly CloudOutbox _outbox;

    private LocalCloud(DeviceRegistry registry, X509Certificate2 certificate, MessageLog messages, IssuedTokens tokens,
        CloudBroker broker, CloudHttpServer http, CloudOutbox outbox, OtaService ota, ThingModelService things)
    {
        Registry = registry;
        Certificate = certificate;
        Messages = messages;
        Tokens = tokens;
        _broker = broker;
        _http = http;
        _outbox = outbox;
        Ota = ota;
        Things = things;
    }

    /// <summary>OTA jobs, package serving (signed expiring URLs, ranges) and its fault knobs.</summary>
    public OtaService Ota { get; }

    /// <summary>The thing model: property post replies, property set, service calls.</summary>
    public ThingModelService Things { get; }

    public DeviceRegistry Registry { get; }

    /// <summary>The self-signed server certificate (HTTPS and MQTT TLS); pin it on the client side.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Every accepted message (device publishes and cloud pushes), bounded.</summary>
    public MessageLog Messages { get; }

    public IssuedTokens Tokens { get; }

    /// <summary>A device subscription was accepted (device, topic filter, granted QoS); raised on the broker's thread.</summary>
    public event Action<DeviceSubscription>? DeviceSubscribed
    {
        add => _broker.DeviceSubscribed += value;
        remove => _broker.DeviceSubscribed -= value;
    }

    public IPEndPoint MqttEndpoint => new(IPAddress.Loopback, _broker.Port);

    public IPEndPoint MqttTlsEndpoint => new(IPAddress.Loopback, _broker.TlsPort);

    public IPEndPoint HttpEndpoint => new(IPAddress.Loopback, _http.Port);

    public IPEndPoint HttpsEndpoint => new(IPAddress.Loopback, _http.TlsPort);

    public Uri HttpBaseUri => new($"http://127.0.0.1:{_http.Port}/");

    public Uri HttpsBaseUri => new($"https://127.0.0.1:{_http.TlsPort}/");

    public static async Task<LocalCloud> StartAsync(LocalCloudOptions options, CancellationToken cancellationToken = default)
    {
        var registry = options.Registry
                       ?? (options.RegistryPath is { } path ? DeviceRegistry.Load(path) : DeviceRegistry.LoadSample());
        var certificate = options.Certificate ?? CloudCertificate.CreateSelfSigned();
        var messages = new MessageLog(options.MessageLogCapacity);
        var tokens = new IssuedTokens();
        var broker = new CloudBroker(registry, new CredentialsValidator(registry, tokens), messages, certificate, options.Broker);
        await broker.StartAsync(options.MqttPort, options.MqttTlsPort).ConfigureAwait(false);
        var outbox = new CloudOutbox((pk, dn, topic, payload, qos) => broker.PublishToDeviceAsync(pk, dn, topic, payload, qos));
        var ota = new OtaService(registry, outbox, (pk, dn) => broker.Connected.Find(pk, dn) is not null);
        var things = new ThingModelService(registry, outbox);
        try
        {
            var auth = new AuthService(registry, tokens, options.AdvertisedMqttPort);
            var http = await CloudHttpServer.StartAsync(options.HttpPort, options.HttpsPort, certificate, auth, registry, broker, cancellationToken,
                routes =>
                {
                    OtaPackageEndpoint.Map(routes, ota);
                    OtaAdminEndpoints.Map(routes, ota);
                    ThingAdminEndpoints.Map(routes, things);
                }).ConfigureAwait(false);
            // Device publishes reach OTA and the thing model through the message log, subscriptions through the broker event.
            messages.Added += ota.OnDeviceMessage;
            messages.Added += things.OnDeviceMessage;
            broker.DeviceSubscribed += ota.OnSubscribed;
            return new LocalCloud(registry, certificate, messages, tokens, broker, http, outbox, ota, things);
        }
        catch
        {
            await outbox.DisposeAsync().ConfigureAwait(false);
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Pushes a message to a device's topic (the console's "发布消息"). QoS 0 or 1.</summary>
    public Task PublishToDeviceAsync(string productKey, string deviceName, string topic, byte[] payload, int qos = 0,
        CancellationToken cancellationToken = default) =>
        _broker.PublishToDeviceAsync(productKey, deviceName, topic, payload, qos, cancellationToken);

    public Task PublishToDeviceAsync(string productKey, string deviceName, string topic, string payload, int qos = 0,
        CancellationToken cancellationToken = default) =>
        PublishToDeviceAsync(productKey, deviceName, topic, Encoding.UTF8.GetBytes(payload), qos, cancellationToken);

    /// <summary>Registry devices (no secrets) with their connection state.</summary>
    public IReadOnlyList<AdminDeviceRow> Devices() => AdminEndpoints.Rows(Registry, _broker.Connected);

    public IReadOnlyList<ConnectedDevice> ConnectedClients() => _broker.Connected.Snapshot();

    /// <summary>After a device came online or went offline; read <see cref="ConnectedClients"/> for who is online now.</summary>
    public event Action? ConnectedClientsChanged
    {
        add => _broker.Connected.Changed += value;
        remove => _broker.Connected.Changed -= value;
    }

    /// <summary>Takes a device offline now (disabled or deleted in the console); false when it was not online.</summary>
    public Task<bool> DisconnectDeviceAsync(string productKey, string deviceName) => _broker.DisconnectDeviceAsync(productKey, deviceName);

    public async ValueTask DisposeAsync()
    {
        Messages.Added -= Ota.OnDeviceMessage;
        Messages.Added -= Things.OnDeviceMessage;
        _broker.DeviceSubscribed -= Ota.OnSubscribed;
        await _http.DisposeAsync().ConfigureAwait(false);
        await _outbox.DisposeAsync().ConfigureAwait(false);
        await _broker.DisposeAsync().ConfigureAwait(false);
    }
}
