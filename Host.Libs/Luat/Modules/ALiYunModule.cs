using KeraLua;
using LuatHost.Aliyun;
using LuatHost.At;
using LuatHost.Luat.Binding;
using LuatHost.Modem;
using LuatHost.Runtime;

namespace LuatHost.Luat.Modules;

/// <summary>
/// aLiYun (lib/aLiYun.lua): a thin binding over <see cref="AliyunClient"/>, with Luat's names and argument orders.
/// setup waits for IP_READY_IND in a task (as Luat's clientDirectTask does), then starts the client; the mode is
/// direct if setConnectMode("direct", …) came first, else the legacy HTTP auth. The client's events, publish
/// results and getter calls all run on the Lua loop thread through the message pump.
/// </summary>
public static class ALiYunModule
{
    public static LuatLibrary Library { get; } = new("aLiYun", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As in Luat's lib: this module loads the ones it builds on, so their globals exist too.
        lib.Requires("http", "log", "mqtt");
        var state = AliyunLuaState.For(lib.Context);
        lib.Function("_setup", lua => Setup(state, lua))
            .Function("_start", _ =>
            {
                state.Start();
                return 0;
            })
            .Function("setConnectMode", lua =>
            {
                var mode = lua.Text(1, "aLiYun.setConnectMode");
                if (mode != "direct")
                {
                    state.Context.Options.Diagnose($"aLiYun.setConnectMode(\"{mode}\") ignored: only \"direct\" is a mode");
                    return 0;
                }
                state.Client?.SetConnectMode(new DirectConnectEndpoint(
                    lua.OptionalText(2, "aLiYun.setConnectMode"),
                    (int)lua.OptionalInteger(3, "aLiYun.setConnectMode", AliyunDefaults.MqttPort),
                    state.Getter(lua, 4, "getClientId"), state.Getter(lua, 5, "getUserName"), state.Getter(lua, 6, "getPassword")));
                return 0;
            })
            .Function("setRegion", lua =>
            {
                if (state.Client is { } client) client.Region = lua.Text(1, "aLiYun.setRegion");
                return 0;
            })
            .Function("setInstanceId", lua =>
            {
                state.Context.Options.Diagnose("aLiYun.setInstanceId ignored: registration-free (regnwl) instances are not supported");
                return 0;
            })
            .Function("setMqtt", lua =>
            {
                state.Client?.SetMqtt(new AliyunMqttSettings(
                    lua.OptionalInteger(1, "aLiYun.setMqtt", 1) != 0,
                    (int)lua.OptionalInteger(3, "aLiYun.setMqtt", AliyunDefaults.KeepAliveSeconds),
                    Will(lua, 2)));
                return 0;
            })
            .Function("subscribe", lua =>
            {
                if (lua.Type(1) == LuaType.Table)
                {
                    // A table literal with a duplicated key ({[t]=0,[t]=1}) is one topic here too, as in Luat.
                    lua.PushNil();
                    while (lua.Next(1))
                    {
                        state.Client?.Subscribe(lua.Text(-2, "aLiYun.subscribe"), (int)lua.Integer(-1, "aLiYun.subscribe"));
                        lua.Pop(1);
                    }
                    return 0;
                }
                state.Client?.Subscribe(lua.Text(1, "aLiYun.subscribe"), (int)lua.OptionalInteger(2, "aLiYun.subscribe", 0));
                return 0;
            })
            .Function("publish", lua =>
            {
                var topic = lua.Text(1, "aLiYun.publish");
                var payload = lua.Bytes(2, "aLiYun.publish");
                var qos = (int)lua.OptionalInteger(3, "aLiYun.publish", 0);
                state.Publish(lua, topic, payload, qos, LuaCompletion.Capture(lua, 4, 5));
                return 0;
            })
            .Function("on", lua =>
            {
                state.SetHandler(lua, lua.Text(1, "aLiYun.on"), LuaCallbackRef.Capture(lua, 2));
                return 0;
            })
            .Function("sleep", _ =>
            {
                state.Client?.Sleep();
                return 0;
            })
            .Function("wakeup", _ =>
            {
                state.Client?.Wakeup();
                return 0;
            })
            .Function("sleepStatus", lua =>
            {
                lua.PushBoolean(state.Client?.IsSleeping ?? false);
                return 1;
            })
            .Function("setErrHandle", lua =>
            {
                state.SetHandler(lua, "error", LuaCallbackRef.Capture(lua, 1));
                state.Client?.SetErrorWatchdog(TimeSpan.FromSeconds(lua.OptionalInteger(2, "aLiYun.setErrHandle", AliyunDefaults.ErrorWatchdogSeconds)));
                return 0;
            })
            .LuaPart("setup", """
                local aLiYun = ...
                local hostSetup, hostStart = aLiYun._setup, aLiYun._start
                aLiYun._setup, aLiYun._start = nil, nil
                require "link"
                -- Luat's lib starts a task that waits for the data bearer before the first connect.
                function aLiYun.setup(productKey, productSecret, getDeviceNameFnc, getDeviceSecretFnc, setDeviceSecretFnc)
                  hostSetup(productKey, productSecret, getDeviceNameFnc, getDeviceSecretFnc, setDeviceSecretFnc)
                  sys.taskInit(function()
                    if not link.isReady() then sys.waitUntil("IP_READY_IND") end
                    hostStart()
                  end)
                end
                -- The auth phase shares the client's sleep switch (lib 2.4.0's Authsleep/Authwakeup).
                aLiYun.Authsleep, aLiYun.Authwakeup, aLiYun.AuthSleepStatus = aLiYun.sleep, aLiYun.wakeup, aLiYun.sleepStatus
                """);
    }

    private static int Setup(AliyunLuaState state, KeraLua.Lua lua)
    {
        var productKey = lua.Text(1, "aLiYun.setup");
        var productSecret = lua.OptionalText(2, "aLiYun.setup");
        SecretRedactor.Shared.Register(productSecret);
        if (!lua.IsFunction(3) || !lua.IsFunction(4))
            throw LuaArgs.BadArgument(3, "aLiYun.setup", "getDeviceNameFnc and getDeviceSecretFnc must be functions");
        if (!state.CanConnect) return 0;
        var store = state.Keep(lua, 5, "setDeviceSecretFnc");
        var credentials = new DeviceCredentialSource(
            state.Getter(lua, 3, "getDeviceNameFnc")!,
            state.Getter(lua, 4, "getDeviceSecretFnc", isSecret: true)!,
            store.IsEmpty ? null : (secret, token) => state.CallSetter(store, secret, token));
        state.Prepare(new AliyunDevice(productKey, productSecret, credentials));
        return 0;
    }

    /// <summary>Luat's will table: {qos=, retain=, topic=, payload=}.</summary>
    private static MqttWill? Will(KeraLua.Lua lua, int index)
    {
        if (lua.Type(index) != LuaType.Table) return null;
        string? Field(string name)
        {
            lua.GetFieldProtected(index, name, "aLiYun.setMqtt");
            var value = lua.IsNil(-1) ? null : lua.Text(-1, "aLiYun.setMqtt");
            lua.Pop(1);
            return value;
        }
        var topic = Field("topic");
        if (string.IsNullOrEmpty(topic)) return null;
        _ = int.TryParse(Field("qos"), out var qos);
        return new MqttWill(topic, Field("payload") ?? "", qos, Field("retain") is "1" or "true");
    }
}

/// <summary>
/// The Lua side of one power-on: the client (null without a module), the "connect"/"reconnect"/"receive"/"auth"
/// handlers, and the bridges that run Lua getters and callbacks on the loop thread.
/// </summary>
internal sealed class AliyunLuaState : IDisposable
{
    private readonly Dictionary<string, LuaCallbackRef> _handlers = new(StringComparer.Ordinal);
    // The getters and the setter the client calls back at every connect: one per role, the previous one freed.
    private readonly Dictionary<string, LuaCallbackRef> _kept = new(StringComparer.Ordinal);
    private readonly List<LuaCallbackRef> _retired = [];
    private AliyunDevice? _device;

    private AliyunLuaState(LuatContext context)
    {
        Context = context;
        if (context.Device is null) return;
        Client = new AliyunClient(context.Device.Modem, context.Device.AliyunReconnect);
        Client.Connected += ok => Deliver("connect", ok);
        Client.Reconnecting += () => Deliver("reconnect");
        Client.AuthCompleted += ok => Deliver("auth", ok);
        Client.MessageReceived += m => Deliver("receive", m.Topic, (long)m.Qos, m.Payload);
        Client.Stalled += () => Deliver("error");
        Client.Problem += p => WriteLog(LuatLogLevel.Warn, "aLiYun", p.ToString());
    }

    public LuatContext Context { get; }

    public AliyunClient? Client { get; }

    public static AliyunLuaState For(LuatContext context) => context.GetService(static c => new AliyunLuaState(c));

    /// <summary>False (said once per call) without a module: setup then keeps no Lua functions.</summary>
    public bool CanConnect
    {
        get
        {
            if (Client is not null) return true;
            Context.Options.Diagnose("aLiYun.setup: no module attached; nothing will connect (run without --port for the virtual module)");
            return false;
        }
    }

    public void Prepare(AliyunDevice device) => _device = device;

    public void Start()
    {
        if (Client is null || _device is null || Client.IsStarted) return;
        Client.Setup(_device);
    }

    public void SetHandler(KeraLua.Lua lua, string evt, LuaCallbackRef callback)
    {
        if (_handlers.Remove(evt, out var previous)) previous.Release(lua);
        if (!callback.IsEmpty) _handlers[evt] = callback;
    }

    /// <summary>Lua thread: queues the publish; <paramref name="done"/> is owned from here and freed on every path.</summary>
    public void Publish(KeraLua.Lua lua, string topic, byte[] payload, int qos, LuaCompletion done)
    {
        if (Client is null)
        {
            done.Release(lua);
            Context.Options.Diagnose("aLiYun.publish: no module attached; the message is dropped");
            return;
        }
        Task<bool> sent;
        try
        {
            sent = Client.PublishAsync(topic, payload, qos);
        }
        catch
        {
            done.Release(lua);
            throw;
        }
        if (done.IsEmpty) return;
        sent.ContinueWith(t => Context.Messages.PostToLua(l =>
            done.Complete(l, t.IsCompletedSuccessfully && t.Result, Context.Messages, "aLiYun.publish callback")), TaskScheduler.Default);
    }

    /// <summary>Keeps the function at <paramref name="index"/> as the one for <paramref name="role"/>, freeing the one it replaces.</summary>
    public LuaCallbackRef Keep(KeraLua.Lua lua, int index, string role)
    {
        if (_kept.Remove(role, out var previous))
        {
            // Before the client starts nothing can call the old one; after, a connect in flight may still post a call
            // to it, so it stays referenced until this power-on's Lua state closes.
            if (Client is { IsStarted: true }) _retired.Add(previous);
            else previous.Release(lua);
        }
        var function = LuaCallbackRef.Capture(lua, index);
        if (!function.IsEmpty) _kept[role] = function;
        return function;
    }

    /// <summary>A Lua function at <paramref name="index"/> as an async getter run on the loop thread (null if absent).</summary>
    public Func<CancellationToken, Task<string?>>? Getter(KeraLua.Lua lua, int index, string role, bool isSecret = false)
    {
        var function = Keep(lua, index, role);
        if (function.IsEmpty) return null;
        return token =>
        {
            var result = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
            Context.Messages.PostToLua(l =>
            {
                function.Push(l, release: false);
                if (l.PCall(0, 1, 0) != LuaStatus.OK)
                {
                    var message = l.ToString(-1, false);
                    l.Pop(1);
                    result.TrySetException(new AliyunFlowException(AliyunProblemStage.MqttConnect, $"a getter passed to aLiYun failed: {message}"));
                    return;
                }
                var value = l.Type(-1) is LuaType.String or LuaType.Number ? l.Text(-1, "aLiYun getter") : null;
                // What the script's secret getter returns is masked in every log line from now on, the script's own included.
                if (isSecret) SecretRedactor.Shared.Register(value);
                result.TrySetResult(value);
                l.Pop(1);
            });
            return result.Task.WaitAsync(token);
        };
    }

    public Task CallSetter(LuaCallbackRef setter, string secret, CancellationToken token)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Context.Messages.PostToLua(l =>
        {
            setter.Push(l, release: false);
            l.PushText(secret);
            Context.Messages.CallProtected(l, 1, "aLiYun setDeviceSecretFnc");
            done.TrySetResult();
        });
        return done.Task.WaitAsync(token);
    }

    public void WriteLog(LuatLogLevel level, string tag, string text) =>
        Context.Messages.PostToLua(_ => Context.WriteLine(LuatLogFormat.Format(level, tag, text)));

    private void Deliver(string evt, params object?[] args) => Context.Messages.PostToLua(l =>
    {
        if (!_handlers.TryGetValue(evt, out var handler)) return;
        handler.Push(l, release: false);
        foreach (var arg in args) LuaValues.Push(l, arg);
        Context.Messages.CallProtected(l, args.Length, "aLiYun " + evt + " handler");
    });

    public void Dispose() => Client?.Dispose();
}
