using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The Air724UG dialect over one <see cref="AtEngine"/>: one object per command family, TinyGSM style.
/// <code>
/// await using var engine = new AtEngine(await TransportFactory.OpenAsync("tcp://127.0.0.1:7000"));
/// var modem = new Air724(engine);
/// await modem.Identity.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
/// await modem.Identity.SetEchoAsync(false);
/// string imei = await modem.Identity.GetImeiAsync();
/// modem.Mqtt.MessageReceived += m => loop.Post(() => ...);      // reader thread: post, never block
/// await modem.Mqtt.ConfigureAsync(clientId, user, password);
/// await modem.Mqtt.StartAsync("pk.iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883);
/// await modem.Mqtt.ConnectAsync(cleanSession: true, keepAliveSeconds: 300);
/// await modem.Mqtt.PublishAsync("/pk/dn/user/update", "{\"v\":1}", qos: 1);   // returns after PUBACK
/// </code>
/// Construct once per engine: each family registers its URC handlers in its constructor.
/// </summary>
public sealed class Air724
{
    public Air724(AtEngine engine, ModemTimeouts? timeouts = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        Engine = engine;
        Identity = new Identity(engine);
        Network = new Network(engine);
        Http = new Http(engine, timeouts);
        Mqtt = new Mqtt(engine, timeouts);
    }

    public AtEngine Engine { get; }

    public Identity Identity { get; }

    public Network Network { get; }

    public Http Http { get; }

    public Mqtt Mqtt { get; }

    /// <summary>The module restarted (RDY, ^MODE:, echo back after ATE0); all module state is lost. Reader thread.</summary>
    public event Action<ModuleRebootEvent>? Rebooted
    {
        add => Engine.Rebooted += value;
        remove => Engine.Rebooted -= value;
    }
}
