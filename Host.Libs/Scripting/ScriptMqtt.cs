using System.Text;
using System.Threading.Channels;
using LuatHost.Services.Net;

namespace LuatHost.Scripting;

/// <summary>
/// The `mqtt` global: Luat's mqtt.client for C# scripts, the same <see cref="ModuleMqttClient"/> (MQTTnet over a
/// module socket link) as the Lua library, with Luat's names and defaults.
/// <code>
/// await using var c = mqtt.client("dev-1", 300, "user", "password");
/// var connected = await c.ConnectAsync("broker.example.com", 1883);    // Connected, or ReturnCode 4 = bad password
/// await c.SubscribeAsync("/down", 1);
/// await c.PublishAsync("/up", "hello", 1);                             // after PUBACK
/// var message = await c.ReceiveAsync(30000);                           // null after 30 s or when the session ended
/// </code>
/// </summary>
public sealed class ScriptMqtt
{
    private readonly ScriptDevice? _device;

    internal ScriptMqtt(ScriptDevice? device) => _device = device;

#pragma warning disable IDE1006 // Luat's name, so a Lua flow ports line for line.
    /// <summary>mqtt.client(clientId, keepAlive=300, username="", password="", cleanSession=1, will=null, version="3.1.1").</summary>
    public ScriptMqttClient client(string clientId, int keepAlive = 300, string? username = null, string? password = null,
        int cleanSession = 1, MqttLastWill? will = null, string version = "3.1.1")
#pragma warning restore IDE1006
    {
        var sockets = _device?.Modem.Sockets
            ?? throw new InvalidOperationException("mqtt.client: no module attached (run the script with `luathost run`, which attaches the virtual module or --port)");
        return new ScriptMqttClient(new ModuleMqttClient(sockets, new MqttClientSettings(clientId)
        {
            KeepAliveSeconds = keepAlive,
            UserName = username ?? "",
            Password = password ?? "",
            CleanSession = cleanSession != 0,
            Will = will,
            Version = version,
        }));
    }
}

/// <summary>One mqtt client; received messages wait in an inbox until <see cref="ReceiveAsync"/> takes them.</summary>
public sealed class ScriptMqttClient : IAsyncDisposable
{
    private readonly ModuleMqttClient _client;
    private Channel<MqttReceivedMessage> _inbox = NewInbox();

    internal ScriptMqttClient(ModuleMqttClient client)
    {
        _client = client;
        _client.MessageReceived += message => _inbox.Writer.TryWrite(message);
        _client.Dropped += () => _inbox.Writer.TryComplete();
    }

    private static Channel<MqttReceivedMessage> NewInbox() => Channel.CreateUnbounded<MqttReceivedMessage>(new UnboundedChannelOptions { SingleReader = true });

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects (transport "tcp" or "tcp_ssl"); the outcome carries the CONNACK return code when refused.</summary>
    public Task<MqttConnectOutcome> ConnectAsync(string host, int port, string transport = "tcp", int timeoutSeconds = 120, CancellationToken cancellationToken = default)
    {
        if (transport is not ("tcp" or "tcp_ssl"))
        {
            throw new ArgumentException($"mqtt.ConnectAsync: transport must be \"tcp\" or \"tcp_ssl\", not \"{transport}\"", nameof(transport));
        }
        _inbox = NewInbox();
        return _client.ConnectAsync(host, port, transport == "tcp_ssl", TimeSpan.FromSeconds(timeoutSeconds), cancellationToken);
    }

    public Task<bool> SubscribeAsync(string topic, int qos = 0, CancellationToken cancellationToken = default) =>
        _client.SubscribeAsync([(topic, qos)], cancellationToken);

    /// <summary>Several topics at once: { ["/t1"] = 0, ["/t2"] = 1 }.</summary>
    public Task<bool> SubscribeAsync(IReadOnlyDictionary<string, int> topics, CancellationToken cancellationToken = default) =>
        _client.SubscribeAsync([.. topics.Select(t => (t.Key, t.Value))], cancellationToken);

    public Task<bool> UnsubscribeAsync(params string[] topics) => _client.UnsubscribeAsync(topics);

    /// <summary>QoS 1 completes after PUBACK, QoS 2 after PUBCOMP.</summary>
    public Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos = 0, int retain = 0, CancellationToken cancellationToken = default) =>
        _client.PublishAsync(topic, payload, qos, retain != 0, cancellationToken);

    public Task<bool> PublishAsync(string topic, string payload, int qos = 0, int retain = 0, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), qos, retain, cancellationToken);

    /// <summary>The oldest unread message, or the next within <paramref name="timeoutMs"/>; null on timeout or when the session ended.</summary>
    public async Task<MqttReceivedMessage?> ReceiveAsync(int timeoutMs, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeoutMs);
        try
        {
            return await _inbox.Reader.ReadAsync(deadline.Token).ConfigureAwait(true);
        }
        catch (Exception ex) when (ex is ChannelClosedException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    public Task DisconnectAsync() => _client.DisconnectAsync();

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
