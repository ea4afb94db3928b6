using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using MQTTnet.Server;
using NLog;

namespace LuatHost.Sim.Cloud.Broker;

/// <summary>Broker settings; the limits Aliyun does not publish precisely are configurable.</summary>
public sealed record CloudBrokerOptions
{
    /// <summary>256 KB, the commonly quoted Aliyun message limit [unverified].</summary>
    public int MaxPayloadBytes { get; init; } = 256 * 1024;

    /// <summary>Aliyun's behaviour is undocumented; dropping is the default, disconnecting the strict choice.</summary>
    public bool DisconnectOnUnauthorizedPublish { get; init; }

    /// <summary>Upstream publishes per device and second; null = unlimited. Aliyun's often quoted figure is 30 [unverified].</summary>
    public int? MaxPublishesPerSecond { get; init; }
}

/// <summary>
/// The local cloud's MQTT side: a real MQTTnet server on loopback (plain and TLS listeners) with
/// the credential check, the publish ACL and the subscribe ACL attached as its events.
/// </summary>
public sealed class CloudBroker : IAsyncDisposable
{
    /// <summary>Sender id of messages the cloud injects (console "发布消息").</summary>
    public const string CloudClientId = "luathost-cloud";

    /// <summary>Server-side tag naming the only client a cloud message may reach (not sent over MQTT 3.1.1).</summary>
    private const string RecipientProperty = "luathost-recipient";

    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    private readonly CredentialsValidator _credentials;
    private readonly Registry.DeviceRegistry _registry;
    private readonly MessageLog _messages;
    private readonly CloudBrokerOptions _options;
    private readonly X509Certificate2 _certificate;
    private readonly ConnectedDevices _connected = new();
    private MqttServer? _server;

    public CloudBroker(Registry.DeviceRegistry registry, CredentialsValidator credentials, MessageLog messages,
        X509Certificate2 certificate, CloudBrokerOptions? options = null)
    {
        _registry = registry;
        _credentials = credentials;
        _messages = messages;
        _certificate = certificate;
        _options = options ?? new CloudBrokerOptions();
    }

    public int Port { get; private set; }

    public int TlsPort { get; private set; }

    public ConnectedDevices Connected => _connected;

    /// <summary>
    /// A device subscription passed the subscribe ACL and is in place (raised on the broker's thread: do not block).
    /// A message pushed from a handler reaches the device: the event comes after MQTTnet recorded the subscription.
    /// </summary>
    public event Action<DeviceSubscription>? DeviceSubscribed;

    /// <summary>Starts both listeners on 127.0.0.1; port 0 picks a free port.</summary>
    public async Task StartAsync(int port, int tlsPort)
    {
        // MQTTnet does not report the port it bound, so a free one is chosen first; a lost race is retried.
        var attempts = port == 0 || tlsPort == 0 ? 5 : 1;
        for (var attempt = 1; ; attempt++)
        {
            var plain = port == 0 ? FreeLoopbackPort() : port;
            var tls = tlsPort == 0 ? FreeLoopbackPort(exclude: plain) : tlsPort;
            var server = CreateServer(plain, tls);
            try
            {
                await server.StartAsync().ConfigureAwait(false);
                (_server, Port, TlsPort) = (server, plain, tls);
                return;
            }
            catch (SocketException e) when (attempt < attempts)
            {
                Log.Debug(e, "MQTT ports {0}/{1} were taken, retrying", plain, tls);
                server.Dispose();
            }
            catch (SocketException e)
            {
                server.Dispose();
                throw new InvalidOperationException($"cannot listen for MQTT on 127.0.0.1:{plain} / {tls}: {e.Message} (choose other ports)", e);
            }
        }
    }

    /// <summary>Publishes to a device's topic as the cloud console does; logged with sender "cloud".</summary>
    public async Task PublishToDeviceAsync(string productKey, string deviceName, string topic, byte[] payload, int qos,
        CancellationToken cancellationToken = default)
    {
        var server = _server ?? throw new InvalidOperationException("the broker is not started");
        if (qos is not (0 or 1))
        {
            throw new ArgumentException($"QoS {qos} is not supported: Aliyun delivers QoS 0 and 1 only");
        }

        if (_registry.FindDevice(productKey, deviceName) is null)
        {
            throw new ArgumentException($"device {productKey}/{deviceName} is not in the registry");
        }

        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
            .Build();
        _messages.Add(topic, payload, qos, CloudMessage.CloudSender, productKey, deviceName);
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = CloudClientId }, cancellationToken)
            .ConfigureAwait(false);
    }

    /// <summary>
    /// Ends the device's connection if it is online (the console disabled or deleted it): as on Aliyun, a disabled
    /// device is taken offline at once, and its reconnects are refused by the credentials check (CONNACK 5).
    /// </summary>
    public async Task<bool> DisconnectDeviceAsync(string productKey, string deviceName)
    {
        if (_server is not { } server || _connected.Find(productKey, deviceName) is not { } online) return false;
        Log.Info("device {0}/{1} disabled or deleted; closing its connection {2}", productKey, deviceName, online.ClientId);
        await server.DisconnectClientAsync(online.ClientId, new MqttServerClientDisconnectOptions()).ConfigureAwait(false);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
            server.Dispose();
        }
    }

    private MqttServer CreateServer(int port, int tlsPort)
    {
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointBoundIPV6Address(IPAddress.None)
            .WithDefaultEndpointPort(port)
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
            .WithEncryptedEndpointBoundIPV6Address(IPAddress.None)
            .WithEncryptedEndpointPort(tlsPort)
            .WithEncryptionCertificate(_certificate)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        server.ValidatingConnectionAsync += OnValidatingConnectionAsync;
        server.ClientConnectedAsync += OnClientConnectedAsync;
        server.ClientDisconnectedAsync += OnClientDisconnectedAsync;
        server.InterceptingPublishAsync += OnInterceptingPublishAsync;
        server.InterceptingSubscriptionAsync += OnInterceptingSubscriptionAsync;
        server.ClientSubscribedTopicAsync += OnClientSubscribedTopicAsync;
        server.InterceptingClientEnqueueAsync += OnInterceptingClientEnqueueAsync;
        return server;
    }

    private long _connectOrder;

    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var attempt = new ConnectAttempt(e.ClientId, e.UserName, e.Password, e.KeepAlivePeriod ?? 0, e.IsSecureConnection);
        var verdict = _credentials.Validate(attempt);
        e.ReasonCode = verdict.Code;
        if (!verdict.Accepted)
        {
            e.ReasonString = verdict.Reason;
            Log.Warn("CONNECT refused ({0}): clientId {1}, username {2}: {3}", verdict.Code, e.ClientId, e.UserName, verdict.Reason);
            return Task.CompletedTask;
        }

        verdict.Session!.ConnectOrder = Interlocked.Increment(ref _connectOrder);
        e.SessionItems[DeviceSession.SessionItemKey] = verdict.Session;
        return Task.CompletedTask;
    }

    private async Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        if (DeviceSession.From(e.SessionItems) is not { } session)
        {
            return;
        }

        if (session.IsRegistration)
        {
            await AnswerRegistrationAsync(session, e.ClientId).ConfigureAwait(false);
            return;
        }

        Log.Info("device {0} connected ({1}), clientId {2}", session.DeviceKey, session.AuthMode, e.ClientId);
        _registry.MarkActivated(session.ProductKey, session.DeviceName);
        if (_connected.Connected(session, e.ClientId) is { } displaced && _server is { } server)
        {
            // Aliyun keeps one connection per device: the newer one wins (D-TCP 背景信息).
            Log.Info("device {0} connected again; closing the older connection {1}", session.DeviceKey, displaced);
            await server.DisconnectClientAsync(displaced, new MqttServerClientDisconnectOptions()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Sends the new DeviceSecret on /ext/register without the device subscribing, as the platform
    /// does. Not put in the message log: the payload is a secret. The device disconnects itself.
    /// </summary>
    private async Task AnswerRegistrationAsync(DeviceSession session, string clientId)
    {
        var server = _server ?? throw new InvalidOperationException("the broker is not started");
        var secret = _registry.IssueDeviceSecret(session.ProductKey, session.DeviceName);
        var payload = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["productKey"] = session.ProductKey,
            ["deviceName"] = session.DeviceName,
            ["deviceSecret"] = secret,
        });
        await server.SubscribeAsync(clientId, [new MqttTopicFilterBuilder().WithTopic(Registry.TopicPermissions.RegisterTopic).WithAtLeastOnceQoS().Build()])
            .ConfigureAwait(false);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Registry.TopicPermissions.RegisterTopic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithUserProperty(RecipientProperty, System.Text.Encoding.UTF8.GetBytes(clientId).AsMemory())
            .Build();
        await server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = CloudClientId }).ConfigureAwait(false);
        Log.Info("device {0} registered over MQTT; DeviceSecret sent on {1}", session.DeviceKey, Registry.TopicPermissions.RegisterTopic);
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        if (DeviceSession.From(e.SessionItems) is { } session)
        {
            _connected.Disconnected(session);
            Log.Info("device {0} disconnected, clientId {1}", session.DeviceKey, e.ClientId);
        }

        return Task.CompletedTask;
    }

    private Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.ClientId == CloudClientId)
        {
            return Task.CompletedTask; // logged by PublishToDeviceAsync
        }

        var message = e.ApplicationMessage;
        var session = DeviceSession.From(e.SessionItems);
        var payload = message.Payload.ToArray();
        if (PublishAcl.Check(session, message.Topic, payload.Length, _options, DateTimeOffset.UtcNow) is { } refusal)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.CloseConnection = _options.DisconnectOnUnauthorizedPublish;
            Log.Warn("PUBLISH dropped from {0}: {1}", e.ClientId, refusal);
            return Task.CompletedTask;
        }

        // Aliyun has no QoS 2 and no retained messages: deliver as QoS 1, never retain.
        if (message.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
        {
            message.QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
        }

        message.Retain = false;
        _messages.Add(message.Topic, payload, (int)message.QualityOfServiceLevel, session!.DeviceKey, session.ProductKey, session.DeviceName);
        return Task.CompletedTask;
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        var session = DeviceSession.From(e.SessionItems);
        if (SubscribeAcl.Check(session, e.TopicFilter.Topic) is { } refusal)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.UnspecifiedError; // SUBACK 0x80 in MQTT 3.1.1
            Log.Warn("SUBSCRIBE refused for {0}: {1}", e.ClientId, refusal);
            return Task.CompletedTask;
        }

        if (e.TopicFilter.QualityOfServiceLevel == MqttQualityOfServiceLevel.ExactlyOnce)
        {
            e.TopicFilter.QualityOfServiceLevel = MqttQualityOfServiceLevel.AtLeastOnce;
            e.Response.ReasonCode = MqttSubscribeReasonCode.GrantedQoS1;
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Raised here, not in the interceptor, which runs before MQTTnet stores the subscription: a push made by a handler
    /// of the interceptor could be routed before it and be lost. Only accepted subscriptions get this far.
    /// </summary>
    private Task OnClientSubscribedTopicAsync(ClientSubscribedTopicEventArgs e)
    {
        if (DeviceSession.From(e.SessionItems) is { } session)
        {
            var granted = (int)e.TopicFilter.QualityOfServiceLevel;
            Log.Debug("SUBSCRIBE {0} by {1}/{2}, granted QoS {3}", e.TopicFilter.Topic, session.ProductKey, session.DeviceName, granted);
            DeviceSubscribed?.Invoke(new DeviceSubscription(session.ProductKey, session.DeviceName, e.TopicFilter.Topic, granted));
        }
        return Task.CompletedTask;
    }

    /// <summary>Two devices registering at once both listen on /ext/register: each gets only its own secret.</summary>
    private static Task OnInterceptingClientEnqueueAsync(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        var recipient = e.ApplicationMessage.UserProperties?.FirstOrDefault(p => p.Name == RecipientProperty);
        if (recipient is not null && recipient.ReadValueAsString() != e.ReceiverClientId)
        {
            e.AcceptEnqueue = false;
        }

        return Task.CompletedTask;
    }

    private static int FreeLoopbackPort(int exclude = -1)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port != exclude)
            {
                return port;
            }
        }
    }
}
