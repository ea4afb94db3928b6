using System.Text;
using LuatHost.Aliyun;
using LuatHost.Modem;
using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// The `aLiYun` global: Luat's lib/aLiYun.lua for C# scripts, a thin face of the same <see cref="AliyunClient"/> the
/// Lua binding uses (direct, HTTP auth and dynamic registration flows, the publish queue, reconnects). Luat's names and
/// argument orders, plus async forms. Every callback and await continuation runs on the loop thread.
/// <code>
/// aLiYun.setConnectMode("direct");
/// aLiYun.setup(PK, null, () => DN, () => DS);
/// await aLiYun.ConnectAsync();                                   // first CONNACK
/// aLiYun.subscribe($"/{PK}/{DN}/user/get", 1);
/// bool acked = await aLiYun.PublishAsync($"/{PK}/{DN}/user/update", "hi", 1);   // after PUBACK
/// var message = await aLiYun.ReceiveAsync(30000);               // null after 30 s
/// </code>
/// </summary>
public sealed class ScriptALiYun
{
    private readonly EventLoop _loop;
    private readonly ScriptLog _log;
    private readonly AliyunClient? _client;
    private readonly ReceivedMessageInbox _inbox;
    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Luat keeps one handler per event; set and read on the loop thread.
    private Action<bool>? _onConnect;
    private Action<bool>? _onAuth;
    private Action? _onReconnect;
    private Action<string, int, string>? _onReceive;
    private Action? _onError;
    private volatile AliyunProblem? _lastProblem;

    internal ScriptALiYun(ScriptDevice? device, EventLoop loop, ScriptLog log)
    {
        _loop = loop;
        _log = log;
        _inbox = new ReceivedMessageInbox(loop);
        if (device is null) return;
        _client = new AliyunClient(device.Modem, device.AliyunReconnect);
        // The client raises these on the AT reader or its connection thread: each goes through the loop.
        _client.Connected += ok => _loop.Post(static s => s.Self.OnConnected(s.Ok), (Self: this, Ok: ok));
        _client.Reconnecting += () => _loop.Post(static s => s._onReconnect?.Invoke(), this);
        _client.AuthCompleted += ok => _loop.Post(static s => s.Self._onAuth?.Invoke(s.Ok), (Self: this, Ok: ok));
        _client.MessageReceived += m => _loop.Post(static s => s.Self.OnMessage(s.Message), (Self: this, Message: m));
        _client.Stalled += () => _loop.Post(static s => s._onError?.Invoke(), this);
        _client.Problem += p =>
        {
            _lastProblem = p;
            _loop.Post(static s => s.Self._log.warn("aLiYun", s.Problem.ToString()), (Self: this, Problem: p));
        };
    }

    /// <summary>True between CONNACK and the end of the session.</summary>
    public bool IsConnected => _client?.IsConnected ?? false;

    /// <summary>The service behind this face (shared with aLiYunOta).</summary>
    internal AliyunClient? Service => _client;

#pragma warning disable IDE1006 // Luat's names, so a Lua flow ports line for line.
    /// <summary>
    /// aLiYun.setup(productKey, productSecret, getDeviceName, getDeviceSecret[, setDeviceSecret]): starts connecting.
    /// productSecret null = 一机一密; given = 一型一密 (dynamic registration, the secret goes to setDeviceSecret).
    /// The getters run on the loop at every connect attempt; setConnectMode must come first for the direct flow.
    /// </summary>
    public void setup(string productKey, string? productSecret, Func<string?> getDeviceName, Func<string?> getDeviceSecret, Action<string>? setDeviceSecret = null) =>
        Setup(productKey, productSecret, getDeviceName, getDeviceSecret, LoopCalls.Setter(_loop, setDeviceSecret, "setDeviceSecret (aLiYun.setup)"));

    /// <summary>setup with an async setter, e.g. <c>async s => await misc.SetSnAsync(s)</c>; the client waits for it.</summary>
    public void setup(string productKey, string? productSecret, Func<string?> getDeviceName, Func<string?> getDeviceSecret, Func<string, Task> setDeviceSecret) =>
        Setup(productKey, productSecret, getDeviceName, getDeviceSecret, LoopCalls.Setter(_loop, setDeviceSecret, "setDeviceSecret (aLiYun.setup)"));

    /// <summary>setup with a known name and secret (一机一密 without getters).</summary>
    public void setup(string productKey, string? productSecret, string deviceName, string? deviceSecret) =>
        setup(productKey, productSecret, () => deviceName, () => deviceSecret);

    /// <summary>aLiYun.setConnectMode("direct", host, port, getClientId, getUserName, getPassword): the signed direct MQTT login.</summary>
    public void setConnectMode(string mode, string? host = null, int port = AliyunDefaults.MqttPort,
        Func<string?>? getClientId = null, Func<string?>? getUserName = null, Func<string?>? getPassword = null)
    {
        if (mode != "direct")
            throw new ArgumentException($"aLiYun.setConnectMode(\"{mode}\"): only \"direct\" is a mode; leave setConnectMode out for the HTTP-auth flow");
        Client("setConnectMode").SetConnectMode(new DirectConnectEndpoint(host, port,
            LoopCalls.Getter(_loop, getClientId, "getClientId (aLiYun.setConnectMode)"),
            LoopCalls.Getter(_loop, getUserName, "getUserName (aLiYun.setConnectMode)"),
            LoopCalls.Getter(_loop, getPassword, "getPassword (aLiYun.setConnectMode)")));
    }

    /// <summary>aLiYun.setRegion(region): default cn-shanghai; used in the default host names.</summary>
    public void setRegion(string region)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        Client("setRegion").Region = region;
    }

    /// <summary>aLiYun.setMqtt(cleanSession, will, keepAlive): Luat's defaults are 1, none, 240 s.</summary>
    public void setMqtt(int cleanSession = 1, MqttWill? will = null, int keepAlive = AliyunDefaults.KeepAliveSeconds) =>
        Client("setMqtt").SetMqtt(new AliyunMqttSettings(cleanSession != 0, keepAlive, will));

    /// <summary>aLiYun.subscribe(topic, qos): queued, sent once connected and again after every reconnect.</summary>
    public void subscribe(string topic, int qos = 0) => Client("subscribe").Subscribe(topic, qos);

    /// <summary>aLiYun.subscribe({[topic]=qos, …}).</summary>
    public void subscribe(IEnumerable<KeyValuePair<string, int>> topics) => Client("subscribe").Subscribe(topics);

    /// <summary>
    /// aLiYun.publish(topic, payload, qos, cb, para): queued (kept across reconnects); cb(result, para) runs on the
    /// loop once the module confirmed it (QoS1: PUBACK), or with false if it can never be sent.
    /// </summary>
    public void publish(string topic, string payload, int qos = 0, Action<bool, object?>? cb = null, object? para = null) =>
        publish(topic, Encoding.UTF8.GetBytes(payload ?? ""), qos, cb, para);

    public void publish(string topic, byte[] payload, int qos = 0, Action<bool, object?>? cb = null, object? para = null)
    {
        var sent = Client("publish").PublishAsync(topic, payload, qos);
        if (cb is null) return;
        sent.ContinueWith(static (t, s) =>
        {
            var (self, callback, parameter) = ((ScriptALiYun, Action<bool, object?>, object?))s!;
            var ok = t.IsCompletedSuccessfully && t.Result;
            self._loop.Post(() => callback(ok, parameter));
        }, (this, cb, para), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>aLiYun.on("connect" | "auth", cb(result)): connect = true on CONNACK, false when the session ends.</summary>
    public void on(string evt, Action<bool> cb)
    {
        switch (evt)
        {
            case "connect": _onConnect = cb; break;
            case "auth": _onAuth = cb; break;
            default: throw WrongCallback(evt, "a callback taking (bool result)");
        }
    }

    /// <summary>aLiYun.on("reconnect", cb()): a connect attempt failed; the next follows by itself.</summary>
    public void on(string evt, Action cb)
    {
        if (evt != "reconnect") throw WrongCallback(evt, "a callback without arguments");
        _onReconnect = cb;
    }

    /// <summary>aLiYun.on("receive", cb(topic, qos, payload)): a message on a subscribed topic (payload as UTF-8 text).</summary>
    public void on(string evt, Action<string, int, string> cb)
    {
        if (evt != "receive") throw WrongCallback(evt, "a callback taking (topic, qos, payload)");
        _onReceive = cb;
    }

    /// <summary>aLiYun.sleep(): end the session and stop reconnecting until wakeup.</summary>
    public void sleep() => Client("sleep").Sleep();

    public void wakeup() => Client("wakeup").Wakeup();

    public bool sleepStatus() => _client?.IsSleeping ?? false;

    /// <summary>aLiYun.setErrHandle(cb, tmout): cb runs when nothing proved the link alive for tmout s (Luat default 150).</summary>
    public void setErrHandle(Action cb, int tmout = AliyunDefaults.ErrorWatchdogSeconds)
    {
        ArgumentNullException.ThrowIfNull(cb);
        var client = Client("setErrHandle");
        _onError = cb;
        client.SetErrorWatchdog(TimeSpan.FromSeconds(tmout));
    }
#pragma warning restore IDE1006

    /// <summary>
    /// Completes on the first successful connect (at once if that already happened). With a timeout it throws
    /// <see cref="TimeoutException"/> naming the last problem the client reported (wrong secret, no network …).
    /// </summary>
    public async Task ConnectAsync(int? timeoutMs = null, CancellationToken cancellationToken = default)
    {
        var client = Client("ConnectAsync");
        if (!client.IsStarted)
            throw new InvalidOperationException("aLiYun.ConnectAsync: call aLiYun.setup(...) first; it starts connecting");
        if (timeoutMs is null)
        {
            await _firstConnect.Task.WaitAsync(cancellationToken);
            return;
        }
        try
        {
            await _firstConnect.Task.WaitAsync(TimeSpan.FromMilliseconds(timeoutMs.Value), cancellationToken);
        }
        catch (TimeoutException)
        {
            var last = _lastProblem is { } problem ? $"; last problem: {problem}" : "";
            throw new TimeoutException($"aLiYun.ConnectAsync: not connected after {timeoutMs} ms{last}");
        }
    }

    /// <summary>Publishes and completes with the result: true once confirmed (QoS1: after PUBACK), false if it can never be sent.</summary>
    public Task<bool> PublishAsync(string topic, string payload, int qos = 0) => Client("PublishAsync").PublishAsync(topic, payload ?? "", qos);

    public Task<bool> PublishAsync(string topic, byte[] payload, int qos = 0) => Client("PublishAsync").PublishAsync(topic, payload, qos);

    /// <summary>
    /// The next received message (oldest unread first; each message also goes to the "receive" callback), or null
    /// after <paramref name="timeoutMs"/>. Unread messages are kept (up to 256) from the start of the run.
    /// </summary>
    public Task<AliyunMessage?> ReceiveAsync(int? timeoutMs = null, CancellationToken cancellationToken = default)
    {
        Client("ReceiveAsync");
        if (_loop.IsOnLoopThread) return _inbox.TakeAsync(timeoutMs, cancellationToken);
        // The inbox lives on the loop: a call from elsewhere (after ConfigureAwait(false)) hops there first.
        var hop = new TaskCompletionSource<Task<AliyunMessage?>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _loop.Post(() =>
        {
            try { hop.SetResult(_inbox.TakeAsync(timeoutMs, cancellationToken)); }
            catch (Exception ex) { hop.SetException(ex); }
        });
        return hop.Task.Unwrap();
    }

    internal async ValueTask ShutdownAsync()
    {
        if (_client is not null) await _client.DisposeAsync().ConfigureAwait(false);
    }

    private void Setup(string productKey, string? productSecret, Func<string?> getDeviceName, Func<string?> getDeviceSecret,
        Func<string, CancellationToken, Task>? store)
    {
        ArgumentNullException.ThrowIfNull(getDeviceName);
        ArgumentNullException.ThrowIfNull(getDeviceSecret);
        var client = Client("setup");
        var credentials = new DeviceCredentialSource(
            LoopCalls.Getter(_loop, getDeviceName, "getDeviceName (aLiYun.setup)")!,
            LoopCalls.Getter(_loop, getDeviceSecret, "getDeviceSecret (aLiYun.setup)")!,
            store);
        client.Setup(new AliyunDevice(productKey, productSecret, credentials));
    }

    private void OnConnected(bool ok)
    {
        _onConnect?.Invoke(ok);
        if (ok) _firstConnect.TrySetResult();
    }

    private void OnMessage(AliyunMessage message)
    {
        _inbox.Add(message);
        _onReceive?.Invoke(message.Topic, message.Qos, message.PayloadText);
    }

    private AliyunClient Client(string what) => _client
        ?? throw new InvalidOperationException($"aLiYun.{what}: no module attached (run the script with `luathost run`, which attaches the virtual module or --port)");

    private static ArgumentException WrongCallback(string evt, string expected) => new(
        $"aLiYun.on(\"{evt}\"): \"connect\" and \"auth\" take (bool result), \"reconnect\" takes nothing, \"receive\" takes (topic, qos, payload); this overload takes {expected}");
}
