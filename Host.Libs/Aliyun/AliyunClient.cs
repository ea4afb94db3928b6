using System.Text;
using LuatHost.Aliyun.Flows;
using LuatHost.At;
using LuatHost.Modem;
using NLog;

namespace LuatHost.Aliyun;

/// <summary>
/// The Aliyun IoT client service behind <c>aLiYun</c> (Lua) and the C# script globals: Luat's aLiYun lib done over the
/// module's AT commands. Configure (<see cref="Region"/>, <see cref="SetConnectMode"/>, <see cref="SetMqtt"/>), then
/// <see cref="Setup"/> starts one background connection loop that waits for the network, runs the chosen flow
/// (direct, HTTP auth, dynamic registration), connects, drains the subscription and publish queues and reconnects
/// on CLOSED, keep-alive, PDP or service loss (after service returns) or a module reboot. Parts with one job each:
/// <see cref="ConnectionSupervisor"/> (when to connect, reconnect, re-bring-up the bearer, sleep),
/// <see cref="MqttSession"/> (subscriptions, the publish queue and the QoS1 "done" rule), <see cref="InboundRouter"/>
/// and <see cref="ProblemReporter"/>; this class is the Aliyun part (flows, login, events) and the public surface.
/// <para>Every method returns at once (nothing blocks the caller's loop thread). Events are raised on background
/// threads (the AT reader or the connection loop): post them to your event loop, never block in a handler.</para>
/// <code>
/// var client = new AliyunClient(modem);                                  // the one Air724 of the link
/// client.Connected += ok => loop.Post(() => Console.WriteLine($"connect {ok}"));
/// client.SetConnectMode(new DirectConnectEndpoint());
/// client.Setup(new AliyunDevice("a1mxL3s6Z7m", null, DeviceCredentialSource.Fixed(dn, ds)));
/// bool sent = await client.PublishAsync("/a1mxL3s6Z7m/" + dn + "/user/update", "hello", qos: 1);   // after PUBACK
/// </code>
/// </summary>
public sealed class AliyunClient : IAsyncDisposable, IDisposable, ISupervisedConnection
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun");

    private readonly Air724 _modem;
    private readonly ProblemReporter _problems = new();
    private readonly ConnectionSupervisor _supervisor;
    private readonly MqttSession _session;
    private readonly InboundRouter _inbound;
    private readonly CancellationTokenSource _lifetime = new();
    private readonly Lock _gate = new();
    private DirectConnectEndpoint? _directEndpoint;
    private AliyunMqttSettings _mqttSettings = new();
    private AliyunDevice? _device;
    private IConnectFlow? _flow;
    private string? _flowName;
    private ErrorWatchdog? _watchdog;
    private Task _run = Task.CompletedTask;

    public AliyunClient(Air724 modem, ReconnectPolicy? policy = null)
    {
        _modem = modem;
        _supervisor = new ConnectionSupervisor(modem, policy ?? new ReconnectPolicy(), _problems);
        _session = new MqttSession(modem, _problems, FeedWatchdog);
        _inbound = new InboundRouter(modem, _session.Subscriptions, _problems, FeedWatchdog, _lifetime.Token);
    }

    /// <summary>CONNACK accepted (true) or the session ended (false), as Luat's "connect" event.</summary>
    public event Action<bool>? Connected;

    /// <summary>A connect attempt failed; the next one follows after <see cref="ReconnectPolicy.RetryDelay"/> (Luat's "reconnect").</summary>
    public event Action? Reconnecting;

    /// <summary>A message on a subscribed topic (Luat's "receive").</summary>
    public event Action<AliyunMessage>? MessageReceived
    {
        add => _inbound.MessageReceived += value;
        remove => _inbound.MessageReceived -= value;
    }

    /// <summary>Result of the HTTP auth step (Luat's "auth", HTTP-auth mode only).</summary>
    public event Action<bool>? AuthCompleted;

    /// <summary>Something went wrong and the client recovers by itself; the text says what and what to check.</summary>
    public event Action<AliyunProblem>? Problem
    {
        add => _problems.Problem += value;
        remove => _problems.Problem -= value;
    }

    /// <summary>Nothing proved the link alive for the <see cref="SetErrorWatchdog"/> period (Luat's setErrHandle callback).</summary>
    public event Action? Stalled;

    /// <summary>Raised right after CONNACK, before <see cref="Connected"/>: (productKey, deviceName). OTA subscribes here.</summary>
    public event Action<string, string>? SessionStarted;

    /// <summary>Luat's default is cn-shanghai; used in the default host names.</summary>
    public string Region { get; set; } = AliyunDefaults.Region;

    /// <summary>Direct (+MSUB printed) or cached (+MSUB: slot, read with AT+MQTTMSGGET) reception.</summary>
    public MqttMessageMode MessageMode { get; set; } = MqttMessageMode.Direct;

    public bool IsConnected => _supervisor.IsConnected;

    public bool IsSleeping => _supervisor.IsSleeping;

    public bool IsStarted => _device is not null;

    /// <summary>Publishes waiting for the link (including one in flight).</summary>
    public int QueuedPublishes => _session.QueuedPublishes;

    /// <summary>The DeviceName of the current (or last) session, once known.</summary>
    public string? DeviceName { get; private set; }

    public string? ProductKey => _device?.ProductKey;

    /// <summary><c>aLiYun.setConnectMode("direct", …)</c>; must come before <see cref="Setup"/> (as in Luat).</summary>
    public void SetConnectMode(DirectConnectEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.Port is < 1 or > 65535)
        {
            throw new ArgumentException($"aLiYun.setConnectMode: port {endpoint.Port} is not 1..65535");
        }
        _directEndpoint = endpoint;
    }

    /// <summary><c>aLiYun.setMqtt(cleanSession, will, keepAlive)</c>; Aliyun accepts keepalive 30..1200 s.</summary>
    public void SetMqtt(AliyunMqttSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.KeepAliveSeconds is < 30 or > 1200)
        {
            throw new ArgumentException($"aLiYun.setMqtt: keepAlive {settings.KeepAliveSeconds} s is outside 30..1200 s, which Aliyun refuses");
        }
        _mqttSettings = settings;
    }

    /// <summary><c>aLiYun.setup(…)</c>: starts the connection loop. The mode is direct if <see cref="SetConnectMode"/> was called, else HTTP auth.</summary>
    public void Setup(AliyunDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentException.ThrowIfNullOrWhiteSpace(device.ProductKey);
        lock (_gate)
        {
            if (_device is not null)
            {
                throw new InvalidOperationException("aLiYun.setup was already called; it starts the connection once per power-on");
            }
            _device = device;
        }
        _modem.Engine.Redactor.Register(device.ProductSecret);
        var context = new FlowContext(_modem, device, Region, ok => AuthCompleted?.Invoke(ok));
        IConnectFlow flow = _directEndpoint is { } endpoint ? new DirectConnectFlow(context, endpoint) : new HttpAuthFlow(context);
        _flow = flow;
        Log.Info("aLiYun: setup {0}, {1} flow", device.ProductKey, flow.Name);
        _run = Task.Run(() => _supervisor.RunAsync(this, _lifetime.Token));
    }

    /// <summary><c>aLiYun.subscribe(topic, qos)</c>: queued; sent once connected (and again after each reconnect).</summary>
    public void Subscribe(string topic, int qos = 0)
    {
        CheckTopic(topic, "subscribe");
        CheckQos(qos, "subscribe");
        _session.Subscriptions.Request(topic, qos);
    }

    /// <summary><c>aLiYun.subscribe({[topic]=qos, …})</c>.</summary>
    public void Subscribe(IEnumerable<KeyValuePair<string, int>> topics)
    {
        foreach (var (topic, qos) in topics)
        {
            Subscribe(topic, qos);
        }
    }

    /// <summary>
    /// <c>aLiYun.publish(topic, payload, qos)</c>: queued in the one FIFO; the task completes with true after the
    /// module confirmed it (QoS1: PUBACK), false if it can never be sent (refused by the module, client disposed).
    /// </summary>
    public Task<bool> PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos = 0)
    {
        CheckTopic(topic, "publish");
        CheckQos(qos, "publish");
        if (payload.Length > ModemLimits.MqttPayloadBytes)
        {
            throw new ArgumentException($"aLiYun.publish: the payload is {payload.Length} bytes; the module publishes at most {ModemLimits.MqttPayloadBytes} bytes (split it)");
        }
        ObjectDisposedException.ThrowIf(_lifetime.IsCancellationRequested, this);
        return _session.Publish(topic, payload.ToArray(), qos);
    }

    public Task<bool> PublishAsync(string topic, string payload, int qos = 0) => PublishAsync(topic, Encoding.UTF8.GetBytes(payload), qos);

    /// <summary>Luat's sleep: end the session and stop reconnecting until <see cref="Wakeup"/>.</summary>
    public void Sleep() => _supervisor.Sleep();

    public void Wakeup() => _supervisor.Wakeup();

    /// <summary><c>aLiYun.setErrHandle(cb, timeout)</c>: arms <see cref="Stalled"/> (Luat's default timeout is 150 s).</summary>
    public void SetErrorWatchdog(TimeSpan timeout)
    {
        if (timeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("aLiYun.setErrHandle: the timeout must be positive");
        }
        lock (_gate)
        {
            _watchdog?.Dispose();
            _watchdog = new ErrorWatchdog(timeout, () => IsSleeping, () => Stalled?.Invoke());
        }
    }

    /// <summary>Messages on <paramref name="topic"/> go to <paramref name="handler"/> instead of <see cref="MessageReceived"/> (the OTA topic).</summary>
    public void RouteTopic(string topic, Action<AliyunMessage> handler) => _inbound.RouteTopic(topic, handler);

    public async ValueTask DisposeAsync()
    {
        Shutdown();
        await _run.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Stops the loop without waiting (a script restart); the loop closes the MQTT link on its way out.</summary>
    public void Dispose() => Shutdown();

    private void Shutdown()
    {
        if (_lifetime.IsCancellationRequested)
        {
            return;
        }
        _supervisor.Dispose();
        _inbound.Dispose();
        _lifetime.Cancel();
        lock (_gate)
        {
            _watchdog?.Dispose();
            _watchdog = null;
        }
        _session.FailAll();
    }

    async Task ISupervisedConnection.OpenAsync(CancellationToken attempt)
    {
        var login = await _flow!.PrepareAsync(attempt).ConfigureAwait(false);
        Log.Debug("aLiYun: connecting {0}", login);
        try
        {
            await _session.OpenAsync(login, _mqttSettings, MessageMode, attempt).ConfigureAwait(false);
        }
        catch (AtFollowUpFailedException)
        {
            throw new AliyunFlowException(AliyunProblemStage.MqttConnect,
                $"Aliyun refused the MQTT login of {_device!.ProductKey} as '{login.UserName}' ({login.FlowName}): "
                // The module prints only ERROR for a refused CONNACK, so "wrong secret" (4) and "unknown or disabled
                // device" (5) look the same from here: name every likely cause.
                + (login.IsIotToken
                    ? "the iotToken was not accepted (expired or for another device)"
                    : "check the ProductKey, that the device exists and is enabled in the console, and the DeviceSecret the getter returns"));
        }
        DeviceName = login.DeviceName;
        _flowName = login.FlowName;
    }

    void ISupervisedConnection.SessionOpened()
    {
        // Before the events: a handler's subscribe must count as not yet sent in this new session.
        _session.Begin();
        Log.Info("aLiYun: connected ({0})", _flowName);
        SessionStarted?.Invoke(_device!.ProductKey, DeviceName!);
        Connected?.Invoke(true);
    }

    Task ISupervisedConnection.RunSessionAsync(CancellationToken session) => _session.RunAsync(session);

    void ISupervisedConnection.SessionClosed() => Connected?.Invoke(false);

    void ISupervisedConnection.AttemptFailed() => Reconnecting?.Invoke();

    private void FeedWatchdog()
    {
        lock (_gate)
        {
            _watchdog?.Feed();
        }
    }

    private static void CheckTopic(string topic, string what)
    {
        if (string.IsNullOrEmpty(topic))
        {
            throw new ArgumentException($"aLiYun.{what}: the topic is empty");
        }
        if (Encoding.UTF8.GetByteCount(topic) > ModemLimits.MqttTopicBytes || topic.Contains('"'))
        {
            throw new ArgumentException($"aLiYun.{what}: topic '{topic}' is longer than {ModemLimits.MqttTopicBytes} bytes or contains a quote");
        }
    }

    private static void CheckQos(int qos, string what)
    {
        if (qos is < 0 or > 2)
        {
            throw new ArgumentException($"aLiYun.{what}: QoS {qos} is not 0, 1 or 2 (Aliyun delivers 0 and 1)");
        }
    }
}
