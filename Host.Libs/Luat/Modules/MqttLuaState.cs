using System.Globalization;
using LuatHost.Luat.Binding;
using LuatHost.Modem;
using LuatHost.Services.Net;

namespace LuatHost.Luat.Modules;

/// <summary>
/// The host half of mqttcore for one power-on: the clients this Lua state made (each a <see cref="ModuleMqttClient"/>
/// over a module socket link), their work in order, and the events that go back to Lua as
/// <c>kind, handle, op, result[, topic, payload, qos, retain, dup, packetId]</c>: <c>"conn"</c> (result 0 = accepted,
/// 1..5 = CONNACK return code, -1 = no link or no CONNACK), <c>"sub"|"unsub"|"pub"|"disc"</c> (1 = done, 0 = failed),
/// <c>"recv"</c> (a PUBLISH from the broker) and <c>"closed"</c> (the broker or the network ended the session).
/// </summary>
internal sealed class MqttLuaState : IDisposable
{
    private readonly Dictionary<int, Client> _clients = [];
    private readonly Lock _gate = new();
    private readonly Sockets? _sockets;
    private LuaCallbackRef _handler;
    private int _lastHandle;
    private int _lastOp;

    private MqttLuaState(LuatContext context)
    {
        Context = context;
        _sockets = context.Device?.Modem.Sockets;
    }

    public LuatContext Context { get; }

    public static MqttLuaState For(LuatContext context) => context.GetService(static c => new MqttLuaState(c));

    public void SetHandler(KeraLua.Lua lua, LuaCallbackRef handler)
    {
        _handler.Release(lua);
        _handler = handler;
    }

    public int NewClient(MqttClientSettings settings)
    {
        var handle = Interlocked.Increment(ref _lastHandle);
        lock (_gate) _clients[handle] = new Client(settings);
        return handle;
    }

    public int Connect(int handle, string host, int port, bool tls, int timeoutSeconds, byte[]? caCertificate) => Run(handle, "conn", async client =>
    {
        if (_sockets is null)
        {
            Context.Options.Diagnose("mqtt.connect: no module attached (run without --port for the virtual module)");
            return -1;
        }
        var mqtt = client.Open(_sockets, this, handle);
        var outcome = await mqtt.ConnectAsync(host, port, tls, TimeSpan.FromSeconds(Math.Max(1, timeoutSeconds)), default, caCertificate).ConfigureAwait(false);
        if (outcome.Problem is { } problem) Context.Options.Diagnose(problem);
        return outcome.Connected ? 0 : outcome.ReturnCode ?? -1;
    });

    public int Subscribe(int handle, IReadOnlyList<(string Topic, int Qos)> topics) =>
        Run(handle, "sub", async client => client.Mqtt is { } mqtt && await mqtt.SubscribeAsync(topics).ConfigureAwait(false) ? 1 : 0);

    public int Unsubscribe(int handle, IReadOnlyList<string> topics) =>
        Run(handle, "unsub", async client => client.Mqtt is { } mqtt && await mqtt.UnsubscribeAsync(topics).ConfigureAwait(false) ? 1 : 0);

    public int Publish(int handle, string topic, byte[] payload, int qos, bool retain) =>
        Run(handle, "pub", async client => client.Mqtt is { } mqtt && await mqtt.PublishAsync(topic, payload, qos, retain).ConfigureAwait(false) ? 1 : 0);

    public int Disconnect(int handle) => Run(handle, "disc", async client =>
    {
        if (client.Mqtt is { } mqtt) await mqtt.DisconnectAsync().ConfigureAwait(false);
        return 1;
    });

    /// <summary>Queues one operation of a client (in order, off the Lua thread); its result comes back as an event.</summary>
    private int Run(int handle, string kind, Func<Client, Task<int>> work)
    {
        var op = Interlocked.Increment(ref _lastOp);
        Client? client;
        lock (_gate) client = _clients.GetValueOrDefault(handle);
        if (client is null)
        {
            Deliver(kind, handle, op, kind == "conn" ? -1 : 0);
            return op;
        }
        client.Enqueue(async () =>
        {
            int result;
            try
            {
                result = await work(client).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or ArgumentException or ObjectDisposedException)
            {
                Context.Options.Diagnose($"mqtt.{kind}: {ex.Message}");
                result = kind == "conn" ? -1 : 0;
            }
            Deliver(kind, handle, op, result);
        });
        return op;
    }

    internal void OnMessage(int handle, MqttReceivedMessage message) => Context.Messages.PostToLua(lua =>
    {
        if (_handler.IsEmpty) return;
        _handler.Push(lua, release: false);
        lua.PushString("recv");
        lua.PushInteger(handle);
        lua.PushInteger(0);
        lua.PushInteger(0);
        lua.PushText(message.Topic);
        lua.PushBuffer(message.Payload);
        lua.PushInteger(message.Qos);
        lua.PushInteger(message.Retain ? 1 : 0);
        lua.PushInteger(message.Dup ? 1 : 0);
        lua.PushInteger(message.PacketId);
        Context.Messages.CallProtected(lua, 10, "mqtt receive " + message.Topic);
    });

    internal void OnDropped(int handle, string clientId)
    {
        Context.Options.Diagnose($"mqtt client {clientId}: the broker or the network closed the session");
        Deliver("closed", handle, 0, 0);
    }

    private void Deliver(string kind, int handle, int op, int result) => Context.Messages.PostToLua(lua =>
    {
        if (_handler.IsEmpty) return;
        _handler.Push(lua, release: false);
        lua.PushString(kind);
        lua.PushInteger(handle);
        lua.PushInteger(op);
        lua.PushInteger(result);
        Context.Messages.CallProtected(lua, 4, "mqtt " + kind + " " + handle.ToString(CultureInfo.InvariantCulture));
    });

    public void Dispose()
    {
        List<Client> clients;
        lock (_gate)
        {
            clients = [.. _clients.Values];
            _clients.Clear();
        }
        // A restart leaves no session behind: each client sends DISCONNECT and gives its link back.
        foreach (var client in clients)
        {
            if (client.Mqtt is { } mqtt) _ = mqtt.DisposeAsync().AsTask();
        }
    }

    /// <summary>One mqtt.client: its settings, its MQTTnet client once connected, and its work queue.</summary>
    private sealed class Client(MqttClientSettings settings)
    {
        private Task _tail = Task.CompletedTask;

        public MqttClientSettings Settings { get; } = settings;

        public ModuleMqttClient? Mqtt { get; private set; }

        public ModuleMqttClient Open(Sockets sockets, MqttLuaState owner, int handle)
        {
            if (Mqtt is not null) return Mqtt;
            var mqtt = new ModuleMqttClient(sockets, Settings);
            mqtt.MessageReceived += message => owner.OnMessage(handle, message);
            mqtt.Dropped += () => owner.OnDropped(handle, Settings.ClientId);
            Mqtt = mqtt;
            return mqtt;
        }

        public void Enqueue(Func<Task> work)
        {
            lock (this) _tail = _tail.ContinueWith(_ => work(), TaskScheduler.Default).Unwrap();
        }
    }
}
