namespace LuatHost.Modem;

/// <summary>
/// Which module lines are link events and what they mean, for the Air724 (the dialect's half of the link-state model).
/// Sources: the Air780E SIM application guide's hot-plug transcript (<c>^MODE: 0,0</c>, <c>+NO Service</c>,
/// <c>+CGEV: NW PDN DEACT 1</c>, <c>+CGEV: ME DETACH</c>, <c>+CPIN: SIM REMOVED 0</c>, then <c>^MODE: 17,17</c>,
/// <c>+E_UTRAN Service</c>, <c>+CGEV: ME PDN ACT 1,0</c>, <c>+CPIN: READY</c>); the low-power and call guides
/// (<c>^MODE:</c> in normal operation); RT-Thread's Air720 AliMqtt package (<c>CLOSE OK</c>, <c>MQTT HEART NO ACK</c>).
/// </summary>
public static class LinkSignals
{
    /// <summary>URC prefixes the link monitor listens to (each is also in the dialect table).</summary>
    public static readonly IReadOnlyList<string> Prefixes =
        ["^MODE:", "+NO Service", "+E_UTRAN Service", "+CGEV:", "+PDP DEACT", "+CPIN:", "CLOSED", "CLOSE OK", "MQTT HEART NO ACK"];

    /// <summary>Lines after which no MQTT acknowledgement can come any more: waits for one end at once.</summary>
    public static readonly IReadOnlyList<string> MqttLinkLoss =
        ["CLOSED", "+CGEV: NW PDN DEACT", "+CGEV: ME DETACH", "+PDP DEACT", "MQTT HEART NO ACK", "^MODE: 0,0", "+NO Service", "+CPIN: SIM REMOVED"];

    /// <summary>The signal a line carries, or null when it is not a link event (<c>+CGEV: ME PDN ACT</c> is one, <c>+CPIN: SIM PIN</c> is not).</summary>
    public static LinkSignal? Classify(string line)
    {
        if (line.StartsWith("^MODE:", StringComparison.Ordinal))
        {
            // ^MODE: <sys_mode>,<sys_submode>: 0 is "no service"; 17 (LTE) or any other mode means service.
            var mode = line.AsSpan(6).Trim();
            var comma = mode.IndexOf(',');
            var system = (comma < 0 ? mode : mode[..comma]).Trim();
            return system.SequenceEqual("0") ? LinkSignal.ServiceLost : LinkSignal.ServiceBack;
        }
        return line switch
        {
            _ when line.StartsWith("+NO Service", StringComparison.Ordinal) => LinkSignal.ServiceLost,
            _ when line.StartsWith("+E_UTRAN Service", StringComparison.Ordinal) => LinkSignal.ServiceBack,
            _ when line.StartsWith("+CGEV:", StringComparison.Ordinal) => ClassifyCgev(line),
            _ when line.StartsWith("+PDP DEACT", StringComparison.Ordinal) => LinkSignal.PdnDown,
            _ when line.StartsWith("+CPIN: READY", StringComparison.Ordinal) => LinkSignal.SimReady,
            _ when line.StartsWith("+CPIN: SIM REMOVED", StringComparison.Ordinal) || line.StartsWith("+CPIN: NOT INSERTED", StringComparison.Ordinal) => LinkSignal.SimRemoved,
            "CLOSED" => LinkSignal.MqttClosed,
            "CLOSE OK" => LinkSignal.TcpClosed,
            _ when line.StartsWith("MQTT HEART NO ACK", StringComparison.Ordinal) => LinkSignal.MqttKeepAliveLost,
            _ => null,
        };
    }

    private static LinkSignal? ClassifyCgev(string line)
    {
        if (line.Contains("DETACH", StringComparison.Ordinal))
        {
            return LinkSignal.Detached;
        }
        if (line.Contains("PDN DEACT", StringComparison.Ordinal))
        {
            return LinkSignal.PdnDown;
        }
        return line.Contains("PDN ACT", StringComparison.Ordinal) ? LinkSignal.PdnUp : null;
    }

    /// <summary>The state after <paramref name="signal"/>. Losing service, the PDN or the SIM takes the MQTT session with it.</summary>
    public static LinkState Apply(LinkState state, LinkSignal signal) => signal switch
    {
        LinkSignal.ServiceLost => state with { Service = RadioService.NoService, MqttUp = false },
        LinkSignal.ServiceBack => state with { Service = RadioService.InService },
        LinkSignal.PdnDown or LinkSignal.Detached => state with { Pdn = DataContext.Inactive, MqttUp = false },
        LinkSignal.PdnUp => state with { Pdn = DataContext.Active },
        LinkSignal.SimRemoved => state with { Sim = SimPresence.Removed, MqttUp = false },
        LinkSignal.SimReady => state with { Sim = SimPresence.Ready },
        LinkSignal.MqttClosed or LinkSignal.TcpClosed or LinkSignal.MqttKeepAliveLost or LinkSignal.MqttDisconnected => state with { MqttUp = false },
        LinkSignal.ModuleRebooted => LinkState.Initial,
        LinkSignal.MqttConnected => state with
        {
            MqttUp = true,
            Service = state.Service == RadioService.Unknown ? RadioService.InService : state.Service,
            Pdn = state.Pdn == DataContext.Unknown ? DataContext.Active : state.Pdn,
        },
        _ => state,
    };

    /// <summary>The words of a host line for <paramref name="signal"/>.</summary>
    public static string Describe(LinkSignal signal) => signal switch
    {
        LinkSignal.ServiceLost => "service lost",
        LinkSignal.ServiceBack => "service back",
        LinkSignal.PdnDown => "data context (PDN) down",
        LinkSignal.PdnUp => "data context (PDN) up",
        LinkSignal.Detached => "detached from the packet network",
        LinkSignal.SimRemoved => "SIM removed",
        LinkSignal.SimReady => "SIM ready",
        LinkSignal.MqttClosed => "MQTT link closed",
        LinkSignal.TcpClosed => "MQTT TCP link closed",
        LinkSignal.MqttKeepAliveLost => "MQTT keep-alive lost",
        LinkSignal.ModuleRebooted => "module rebooted",
        LinkSignal.MqttConnected => "MQTT connected",
        _ => "MQTT closed by the host",
    };
}
