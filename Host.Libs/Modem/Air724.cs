using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// One Air724UG module: the AT engine on its link, given the <see cref="Air724Dialect.Table"/>, and one object per
/// command family, TinyGSM style. Create exactly one per module where the link is opened and hand it down: each family
/// registers its URC handlers when constructed, so a second instance on the same engine would see every URC twice.
/// <code>
/// await using var modem = Air724.Open(await TransportFactory.OpenAsync("tcp://127.0.0.1:7000"));
/// await modem.Identity.WaitUntilReadyAsync(TimeSpan.FromSeconds(90));
/// string imei = await modem.Identity.GetImeiAsync();
/// modem.Mqtt.MessageReceived += m => loop.Post(() => ...);      // reader thread: post, never block
/// await modem.Mqtt.ConfigureAsync(clientId, user, password);
/// await modem.Mqtt.StartAsync("pk.iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883);
/// await modem.Mqtt.ConnectAsync(cleanSession: true, keepAliveSeconds: 300);
/// await modem.Mqtt.PublishAsync("/pk/dn/user/update", "{\"v\":1}", qos: 1);   // returns after PUBACK
/// </code>
/// </summary>
public sealed class Air724 : IAsyncDisposable
{
    /// <summary>Wraps an engine that was opened with <see cref="Air724Dialect.Table"/>.</summary>
    public Air724(AtEngine engine, ModemTimeouts? timeouts = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (engine.Dialect != Air724Dialect.Table)
        {
            throw new ArgumentException($"The AT engine speaks the {engine.Dialect} dialect; open it with Air724Dialect.Table (or use Air724.Open).", nameof(engine));
        }
        Engine = engine;
        Timeouts = timeouts ?? new ModemTimeouts();
        Link = new LinkMonitor(engine);
        Identity = new Identity(engine);
        Network = new Network(engine);
        Http = new Http(engine, Timeouts);
        Mqtt = new Mqtt(engine, Link, Timeouts);
        BringUp = new NetworkBringUp(Identity, Network, Link);
        Certificates = new CertificateFiles(engine);
        Sockets = new Sockets(engine, Timeouts, Certificates);
    }

    /// <summary>Starts the engine on <paramref name="link"/> with the Air724 dialect.</summary>
    public static Air724 Open(Stream link, AtEngineOptions? engineOptions = null, ModemTimeouts? timeouts = null) =>
        new(new AtEngine(link, Air724Dialect.Table, engineOptions), timeouts);

    public AtEngine Engine { get; }

    public ModemTimeouts Timeouts { get; }

    /// <summary>The one link-state model of this module (service, PDN, SIM, MQTT link).</summary>
    public LinkMonitor Link { get; }

    /// <summary>The one network bring-up (SIM, registration, attach, context/bearer) every service of this module uses.</summary>
    public NetworkBringUp BringUp { get; }

    public Identity Identity { get; }

    public Network Network { get; }

    public Http Http { get; }

    public Mqtt Mqtt { get; }

    /// <summary>CA certificates handed to the module per SSL context (socket links, HTTP).</summary>
    public CertificateFiles Certificates { get; }

    /// <summary>The multi-link TCP/UDP/TLS client (AT+CIPSTART=n,…).</summary>
    public Sockets Sockets { get; }

    /// <summary>The module restarted (RDY, or echo back after ATE0); all module state is lost. Reader thread.</summary>
    public event Action<ModuleRebootEvent>? Rebooted
    {
        add => Engine.Rebooted += value;
        remove => Engine.Rebooted -= value;
    }

    public ValueTask DisposeAsync() => Engine.DisposeAsync();
}
