using System.Security.Cryptography;

namespace LuatHost.Sim.Module;

/// <summary>
/// Faults to inject while a session runs (docs/air724-at.md §9.8), for reliability tests and demos. Every method is
/// safe to call from any thread; effects appear on the wire in order with the module's other output.
/// </summary>
public sealed class ModuleFaults
{
    private readonly VirtualModule _module;

    internal ModuleFaults(VirtualModule module) => _module = module;

    /// <summary>The broker link dies: the module prints <c>CLOSED</c> and MQTT state becomes 0.</summary>
    public Task DropBrokerLinkAsync() => _module.DropBrokerLinkAsync();

    /// <summary>
    /// The network deactivates the PDP context: <c>+CGEV: NW PDN DEACT 1</c> (and <c>+SAPBR 1: DEACT</c> if the bearer
    /// was open, <c>+HTTPACTION: m,601,0</c> for a request in flight); MQTT goes to state 0. With
    /// <paramref name="restoreAfter"/> the network re-activates the default PDN later (<c>+CGEV: ME PDN ACT 1</c>).
    /// </summary>
    public Task LosePdpAsync(TimeSpan? restoreAfter = null) => _module.LosePdpAsync(restoreAfter);

    /// <summary>
    /// Coverage lost: <c>^MODE: 0,0</c>, <c>+NO Service</c>, <c>+CGEV: NW PDN DEACT 1</c>, <c>+CGEV: ME DETACH</c> (the
    /// SIM application guide's sequence); the MQTT link and the bearer fall silently, as on a real module. With
    /// <paramref name="restoreAfter"/> service returns later: <c>^MODE: 17,17</c>, <c>+E_UTRAN Service</c>,
    /// <c>+CGEV: ME PDN ACT 1,0</c>.
    /// </summary>
    public Task LoseCoverageAsync(TimeSpan? restoreAfter = null) => _module.LoseCoverageAsync(restoreAfter);

    /// <summary>Coverage back (see <see cref="LoseCoverageAsync"/>).</summary>
    public Task RestoreCoverageAsync() => _module.RestoreCoverageAsync();

    /// <summary>SIM pulled: the loss sequence, then <c>+CPIN: SIM REMOVED 0</c>; <c>AT+CPIN?</c> answers <c>+CME ERROR: 10</c>.</summary>
    public Task RemoveSimAsync() => _module.RemoveSimAsync();

    /// <summary>SIM back: the return sequence, then <c>+CPIN: READY</c>.</summary>
    public Task InsertSimAsync() => _module.InsertSimAsync();

    /// <summary><c>^MODE: 17,17</c> alone, as after a voice call ends: service never left.</summary>
    public Task ReportServiceModeAsync() => _module.ReportModeAsync();

    /// <summary>The broker stops answering the keep-alive: <c>MQTT HEART NO ACK</c>, the MQTT session is gone.</summary>
    public Task LoseKeepAliveAsync() => _module.LoseKeepAliveAsync();

    /// <summary>
    /// The path to the broker goes dead without a FIN (radio trouble, a NAT dropping the flow): nothing passes either
    /// way, the socket stays open, and the module's next unanswered PINGREQ ends the session with <c>MQTT HEART NO ACK</c>.
    /// </summary>
    public Task SilenceBrokerLinkAsync() => _module.SilenceBrokerLinkAsync();

    /// <summary>
    /// The module pings the broker at this interval instead of the MCONNECT keepalive (Aliyun allows 30 s at the least;
    /// tests compress time). Null = the configured keepalive. Read when a session is accepted.
    /// </summary>
    public TimeSpan? MqttKeepAliveInterval
    {
        get => _module.Conditions.MqttKeepAliveInterval;
        set => _module.Conditions.MqttKeepAliveInterval = value;
    }

    /// <summary>Spontaneous reboot: all state lost, echo back on, boot URCs (<c>RDY</c>…) again.</summary>
    public Task RebootAsync() => _module.RebootAsync();

    /// <summary>Writes garbage bytes to the host, as a noisy line or a baud mismatch would.</summary>
    public Task InjectNoiseAsync(ReadOnlyMemory<byte>? bytes = null) =>
        _module.WriteRawAsync(bytes ?? RandomNoise(16));

    /// <summary>
    /// The next command's reply is preceded by <paramref name="urcLine"/>, right after the echo — the interleaving that
    /// trips AT parsers (docs/air724-at.md §8, §9.8).
    /// </summary>
    public void InjectUrcBeforeNextReply(string urcLine) => _module.InjectBeforeNextReply(urcLine);

    /// <summary>Delay added before every asynchronous URC (CONNECT OK, PUBACK, +HTTPACTION, +MSUB…).</summary>
    public TimeSpan UrcLatency
    {
        get => _module.Conditions.UrcLatency;
        set => _module.Conditions.UrcLatency = value;
    }

    /// <summary>Paces output to this many bytes per second (≈ baud / 10); 0 = unpaced.</summary>
    public int BytesPerSecond
    {
        get => _module.Conditions.BytesPerSecond;
        set => _module.Conditions.BytesPerSecond = value;
    }

    private static byte[] RandomNoise(int length)
    {
        var noise = RandomNumberGenerator.GetBytes(length);
        for (var i = 0; i < noise.Length; i++)
        {
            // Keep CR/LF out so the noise stays inside one garbage line instead of faking line ends.
            if (noise[i] is 0x0D or 0x0A)
            {
                noise[i] = 0xFF;
            }
        }
        return noise;
    }
}
