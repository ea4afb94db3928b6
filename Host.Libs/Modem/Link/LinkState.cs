namespace LuatHost.Modem;

/// <summary>Radio service as the module reports it (<c>^MODE:</c>, <c>+NO Service</c>, <c>+E_UTRAN Service</c>).</summary>
public enum RadioService
{
    Unknown,
    InService,
    NoService,
}

/// <summary>The default data context (PDN) as <c>+CGEV:</c> / <c>+PDP DEACT</c> report it.</summary>
public enum DataContext
{
    Unknown,
    Active,
    Inactive,
}

/// <summary>The SIM as <c>+CPIN:</c> URCs report it (hot-plug).</summary>
public enum SimPresence
{
    Unknown,
    Ready,
    Removed,
}

/// <summary>
/// What the host knows about the module's link at one moment: radio service, data context, SIM, and whether the
/// module's MQTT session is up. Every consumer (Aliyun client, the Lua net/link modules) reads this one model.
/// </summary>
public sealed record LinkState(RadioService Service, DataContext Pdn, SimPresence Sim, bool MqttUp)
{
    public static LinkState Initial { get; } = new(RadioService.Unknown, DataContext.Unknown, SimPresence.Unknown, false);

    /// <summary>False while the module says it has no service or no SIM: connecting now would only fail.</summary>
    public bool ServiceAvailable => Service != RadioService.NoService && Sim != SimPresence.Removed;
}

/// <summary>What happened to the link: a module URC, a reboot, or the host's own MQTT connect/close.</summary>
public enum LinkSignal
{
    ServiceLost,
    ServiceBack,
    PdnDown,
    PdnUp,
    Detached,
    SimRemoved,
    SimReady,
    MqttClosed,
    TcpClosed,
    MqttKeepAliveLost,
    ModuleRebooted,
    MqttConnected,
    MqttDisconnected,
}

/// <summary>One change of the link state and the line that caused it. Raised on the AT reader thread.</summary>
public sealed record LinkChange(LinkSignal Signal, string Line, LinkState Before, LinkState After)
{
    /// <summary>The MQTT session was up and is gone now (not closed by the host itself).</summary>
    public bool MqttLost => Before.MqttUp && !After.MqttUp && Signal != LinkSignal.MqttDisconnected;
}
