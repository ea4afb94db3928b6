using System.Buffers;
using System.Net;
using LuatHost.Modem;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace LuatHost.Services.Net;

/// <summary>
/// Luat's <c>mqtt.client</c>: an MQTT 3.1/3.1.1 session carried by one of the module's TCP links
/// (<see cref="ModuleSocketStream"/>), spoken by MQTTnet. Not the module's own <c>AT+M…</c> client on purpose: that is
/// one session per module, which <c>aLiYun</c> may already hold, while socket links allow several clients at once
/// (up to <see cref="Sockets.LinkCount"/>) — and Luat's own lib/mqtt.lua runs over a socket too.
/// MQTTnet does the packets: QoS 1/2 handshakes, acks of received QoS 1/2 messages, and PINGREQ every keep-alive.
/// Both script faces (the Lua <c>mqtt</c> library and the C# <c>mqtt</c> global) use this one class.
/// </summary>
public sealed class ModuleMqttClient : IAsyncDisposable
{
    /// <summary>Luat's CLIENT_COMMAND_TIMEOUT (lib/mqtt.lua): how long CONNACK, SUBACK, PUBACK… are waited for.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    private readonly Sockets _sockets;
    private readonly IMqttClient _client;
    private ModuleSocketStream? _link;
    private volatile bool _closing;

    public ModuleMqttClient(Sockets sockets, MqttClientSettings settings)
    {
        _sockets = sockets ?? throw new ArgumentNullException(nameof(sockets));
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        // The CONNECT packet carries the password in clear inside AT+CIPSEND: masked like aLiYun's MQTT password.
        sockets.Redactor.Register(settings.Password);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            MessageReceived?.Invoke(new MqttReceivedMessage(message.Topic, message.Payload.ToArray(), (int)message.QualityOfServiceLevel,
                message.Retain, message.Dup, e.PacketIdentifier));
            return Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected && !_closing) Dropped?.Invoke();
            return Task.CompletedTask;
        };
    }

    public MqttClientSettings Settings { get; }

    public bool IsConnected => _client.IsConnected;

    /// <summary>A PUBLISH from the broker, in arrival order (MQTTnet's thread: post, never block).</summary>
    public event Action<MqttReceivedMessage>? MessageReceived;

    /// <summary>The broker or the network ended an established session (not raised by <see cref="DisconnectAsync"/>).</summary>
    public event Action? Dropped;

    /// <summary>
    /// Opens a module link to <paramref name="host"/> (TLS when <paramref name="tls"/>) within
    /// <paramref name="linkTimeout"/> (trusting only <paramref name="caCertificate"/>, PEM, when given), then sends CONNECT and waits for CONNACK. Never throws for network trouble:
    /// the outcome says what happened.
    /// </summary>
    public async Task<MqttConnectOutcome> ConnectAsync(string host, int port, bool tls, TimeSpan linkTimeout, CancellationToken cancellationToken = default,
        ReadOnlyMemory<byte> caCertificate = default)
    {
        if (_client.IsConnected) return new MqttConnectOutcome(false, null, $"mqtt {host}:{port}: this client is already connected");
        await CloseLinkAsync().ConfigureAwait(false);
        try
        {
            _link = await ModuleSocketStream.OpenAsync(_sockets, tls ? SocketKind.Tls : SocketKind.Tcp, host, port, linkTimeout, cancellationToken,
                caCertificate).ConfigureAwait(false);
        }
        catch (ModuleSocketException ex)
        {
            return new MqttConnectOutcome(false, null, "mqtt.connect: " + ex.Message);
        }
        _closing = false;
        try
        {
            var result = await _client.ConnectAsync(Options(host, port, _link), cancellationToken).ConfigureAwait(false);
            return result.ResultCode == MqttClientConnectResultCode.Success ? MqttConnectOutcome.Success : await Refused(host, port, result.ResultCode).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or IOException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await CloseLinkAsync().ConfigureAwait(false);
            return new MqttConnectOutcome(false, null, $"mqtt.connect {host}:{port}: no CONNACK from the broker ({ex.Message})");
        }
    }

    private async Task<MqttConnectOutcome> Refused(string host, int port, MqttClientConnectResultCode code)
    {
        await CloseLinkAsync().ConfigureAwait(false);
        // Luat returns the MQTT 3.1.1 CONNACK return code (1..5); MQTTnet reports it as an MQTT 5 reason code.
        var rc = (int)MqttConnectReasonCodeConverter.ToConnectReturnCode((MqttConnectReasonCode)(int)code);
        return new MqttConnectOutcome(false, rc, $"mqtt.connect {host}:{port}: the broker refused the connection (CONNACK {rc}: {code})");
    }

    private MqttClientOptions Options(string host, int port, ModuleSocketStream link)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithEndPoint(new DnsEndPoint(host, port))
            .WithStreamProvider(new OpenedStreamProvider(link))
            .WithProtocolVersion(Settings.Version == "3.1" ? MqttProtocolVersion.V310 : MqttProtocolVersion.V311)
            .WithClientId(Settings.ClientId)
            .WithCleanSession(Settings.CleanSession)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(Settings.KeepAliveSeconds))
            .WithTimeout(CommandTimeout);
        if (Settings.UserName.Length > 0 || Settings.Password.Length > 0)
        {
            builder = builder.WithCredentials(Settings.UserName, Settings.Password);
        }
        if (Settings.Will is { } will)
        {
            builder = builder.WithWillTopic(will.Topic)
                .WithWillPayload(will.Payload)
                .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)will.Qos)
                .WithWillRetain(will.Retain);
        }
        return builder.Build();
    }

    /// <summary>SUBSCRIBE, waits for SUBACK; false when not connected, no SUBACK, or a topic was refused (0x80).</summary>
    public Task<bool> SubscribeAsync(IReadOnlyList<(string Topic, int Qos)> topics, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        var builder = new MqttClientSubscribeOptionsBuilder();
        foreach (var (topic, qos) in topics) builder = builder.WithTopicFilter(topic, (MqttQualityOfServiceLevel)qos);
        var result = await _client.SubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        return result.Items.Count > 0 && result.Items.All(item => (int)item.ResultCode <= 2);
    });

    /// <summary>UNSUBSCRIBE, waits for UNSUBACK.</summary>
    public Task<bool> UnsubscribeAsync(IReadOnlyList<string> topics, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        var builder = new MqttClientUnsubscribeOptionsBuilder();
        foreach (var topic in topics) builder = builder.WithTopicFilter(topic);
        await _client.UnsubscribeAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
        return true;
    });

    /// <summary>PUBLISH; QoS 1 returns after PUBACK, QoS 2 after PUBCOMP; the payload goes as given (binary-safe).</summary>
    public Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain, CancellationToken cancellationToken = default) => Guarded(async () =>
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)Math.Clamp(qos, 0, 2))
            .WithRetainFlag(retain)
            .Build();
        var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        return result.IsSuccess;
    });

    private async Task<bool> Guarded(Func<Task<bool>> operation)
    {
        if (!_client.IsConnected) return false;
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or IOException or OperationCanceledException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Sends DISCONNECT when connected and closes the link (Luat's <c>disconnect</c>).</summary>
    public async Task DisconnectAsync()
    {
        _closing = true;
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is MqttCommunicationException or IOException or OperationCanceledException or InvalidOperationException)
            {
                // Already gone; closing the link below is all that is left.
            }
        }
        await CloseLinkAsync().ConfigureAwait(false);
    }

    private async Task CloseLinkAsync()
    {
        var link = Interlocked.Exchange(ref _link, null);
        if (link is not null) await link.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    /// <summary>Hands MQTTnet the link this client already opened, so a failed link is told apart from a refused CONNECT.</summary>
    private sealed class OpenedStreamProvider(Stream stream) : MQTTnet.Channel.IMqttClientStreamProvider
    {
        private Stream? _stream = stream;

        public Task<Stream> ConnectAsync(EndPoint brokerEndPoint, CancellationToken cancellationToken)
        {
            var taken = Interlocked.Exchange(ref _stream, null);
            return taken is not null
                ? Task.FromResult(taken)
                : Task.FromException<Stream>(new IOException("the module link of this mqtt client is already used; connect again"));
        }
    }
}
