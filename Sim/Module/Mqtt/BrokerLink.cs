using System.Buffers;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;

namespace LuatHost.Sim.Module.Mqtt;

/// <summary>Arguments of <c>AT+MCONFIG</c> plus <c>AT+MCONNECT</c>; the password never reaches a log.</summary>
internal sealed record MqttSessionSettings(
    string ClientId, string UserName, string Password, bool CleanSession, ushort KeepAliveSeconds,
    string? WillTopic, byte[]? WillPayload, int WillQos, bool WillRetain)
{
    // A record prints every member; the password must not reach a log line by accident.
    public override string ToString() =>
        $"MqttSessionSettings {{ ClientId = {ClientId}, UserName = {UserName}, Password = ***, CleanSession = {CleanSession}, KeepAlive = {KeepAliveSeconds} s }}";
}

/// <summary>
/// One connection to a broker, in the module's two steps: <see cref="OpenAsync"/> is the TCP (and TLS) connect of
/// <c>AT+MIPSTART</c>/<c>AT+SSLMIPSTART</c>; <see cref="ConnectMqttAsync"/> sends the MQTT CONNECT of
/// <c>AT+MCONNECT</c> over that same stream with the MQTTnet client. Operations run one after another, in the order
/// the host issued them, so PUBACK/SUBACK URCs come out in order.
/// </summary>
internal sealed class BrokerLink : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SilenceableStream _stream;
    private readonly string _host;
    private readonly int _port;
    private readonly IMqttClient _client;
    private Task _tail = Task.CompletedTask;
    private volatile bool _closing;

    private BrokerLink(Socket socket, Stream stream, string host, int port)
    {
        _socket = socket;
        _stream = new SilenceableStream(stream);
        _host = host;
        _port = port;
        _client = new MqttClientFactory().CreateMqttClient();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            var message = e.ApplicationMessage;
            return MessageReceived?.Invoke(message.Topic, message.Payload.ToArray()) ?? Task.CompletedTask;
        };
        _client.DisconnectedAsync += e =>
            e.ClientWasConnected && !_closing ? Dropped?.Invoke() ?? Task.CompletedTask : Task.CompletedTask;
    }

    /// <summary>A message from the broker (topic, raw payload).</summary>
    public event Func<string, byte[], Task>? MessageReceived;

    /// <summary>The broker or the network closed an established MQTT session.</summary>
    public event Func<Task>? Dropped;

    /// <summary>A PINGREQ went unanswered (see <see cref="KeepAliveWatch"/>): the module prints <c>MQTT HEART NO ACK</c>.</summary>
    public event Func<Task>? KeepAliveLost;

    /// <summary>Fault: the path to the broker goes dead without closing (see <see cref="SilenceableStream"/>).</summary>
    public void Silence() => _stream.Silence();

    /// <summary>Watches the session's keep-alive from now on; <paramref name="interval"/> is the MCONNECT keepalive (or a test's shorter one).</summary>
    public void WatchKeepAlive(TimeSpan interval) =>
        KeepAliveWatch.Start(_client, interval, () => _closing, () => KeepAliveLost?.Invoke() ?? Task.CompletedTask);

    public static async Task<BrokerLink> OpenAsync(string host, int port, bool tls, ModuleOptions options, CancellationToken cancel)
    {
        // The module does the TLS handshake at SSLMIPSTART, so CONNECT OK already means "TLS up".
        var (socket, stream) = await Sockets.SocketLink.OpenStreamAsync(host, port, tls ? RemoteProtocol.MqttTls : RemoteProtocol.MqttTcp, tls, options, cancel)
            .ConfigureAwait(false);
        return new BrokerLink(socket, stream, host, port);
    }

    /// <summary>Before the MQTT CONNECT the broker sends nothing, so "readable with no data" means it hung up.</summary>
    public bool RemoteClosedBeforeConnect()
    {
        try
        {
            return _socket.Poll(0, SelectMode.SelectRead) && _socket.Available == 0;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }

    /// <summary>True when the broker accepted (CONNACK 0).</summary>
    public async Task<bool> ConnectMqttAsync(MqttSessionSettings settings, CancellationToken cancel)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithEndPoint(new DnsEndPoint(_host, _port))
            .WithStreamProvider(new PreconnectedStreamProvider(_stream))
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithClientId(settings.ClientId)
            .WithCredentials(settings.UserName, settings.Password)
            .WithCleanSession(settings.CleanSession)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(settings.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (settings.WillTopic is not null)
        {
            builder = builder.WithWillTopic(settings.WillTopic)
                .WithWillPayload(settings.WillPayload ?? [])
                .WithWillQualityOfServiceLevel((MqttQualityOfServiceLevel)settings.WillQos)
                .WithWillRetain(settings.WillRetain);
        }
        try
        {
            var result = await _client.ConnectAsync(builder.Build(), cancel).ConfigureAwait(false);
            return result.ResultCode == MqttClientConnectResultCode.Success;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return false;
        }
    }

    public Task<bool> SubscribeAsync(string topic, int qos) => Enqueue(async () =>
    {
        var result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(topic, (MqttQualityOfServiceLevel)qos).Build()).ConfigureAwait(false);
        return result.Items.All(item => (int)item.ResultCode <= 2);
    });

    public Task<bool> UnsubscribeAsync(string topic) => Enqueue(async () =>
    {
        await _client.UnsubscribeAsync(new MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(topic).Build()).ConfigureAwait(false);
        return true;
    });

    public Task<bool> PublishAsync(string topic, byte[] payload, int qos, bool retain) => Enqueue(async () =>
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
            .WithRetainFlag(retain)
            .Build();
        var result = await _client.PublishAsync(message).ConfigureAwait(false);
        return result.IsSuccess;
    });

    /// <summary>Sends MQTT DISCONNECT (AT+MDISCONNECT).</summary>
    public async Task DisconnectAsync()
    {
        _closing = true;
        try
        {
            await _client.DisconnectAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Already gone; the module only reports OK.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closing = true;
        try
        {
            _socket.Close(0);
        }
        catch (ObjectDisposedException)
        {
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
        _client.Dispose();
    }

    private Task<bool> Enqueue(Func<Task<bool>> operation)
    {
        var previous = _tail;
        var next = RunAfterAsync(previous, operation);
        _tail = next;
        return next;
    }

    private static async Task<bool> RunAfterAsync(Task previous, Func<Task<bool>> operation)
    {
        try
        {
            await previous.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
        }
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }
}
