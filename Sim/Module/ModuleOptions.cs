using System.Security.Cryptography.X509Certificates;

namespace LuatHost.Sim.Module;

/// <summary>SIM card states the module can report to <c>AT+CPIN?</c> (docs/air724-at.md §2.3).</summary>
public enum SimCardState
{
    Ready,
    /// <summary>SIM initialising: <c>+CME ERROR: 14</c>.</summary>
    Busy,
    /// <summary>No SIM: <c>+CME ERROR: 10</c>.</summary>
    Absent,
}

/// <summary>
/// Everything a virtual Air724UG can be configured with: identity, boot script, dialect choices the references
/// are unsure about (the public manuals leave them open; docs/air724-at.md), and the route to the network.
/// One instance may be shared by several sessions (one per TCP client); only <see cref="Identity"/>'s SN is mutable.
/// </summary>
public sealed class ModuleOptions
{
    public ModuleIdentity Identity { get; init; } = new();

    /// <summary>Time between power-on and the first boot URC. Input sent meanwhile waits, as in a UART FIFO.</summary>
    public TimeSpan BootDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Window after the boot URCs in which every command answers <c>+CME ERROR: 4</c> (§9.2).</summary>
    public TimeSpan NotReadyWindow { get; init; } = TimeSpan.Zero;

    /// <summary><c>RDY</c> may be missing on real modules (autobaud); hosts must not depend on it.</summary>
    public bool EmitRdy { get; init; } = true;

    /// <summary>Optional <c>+NITZ:</c> line after the PDN URC (seen in Luat logs, off by default).</summary>
    public bool EmitNitz { get; init; }

    /// <summary>SIM800-style extras (<c>+CPIN: READY</c>, <c>SMS Ready</c>…); never seen on Air724, so off by default.</summary>
    public bool EmitSimcomBootExtras { get; init; }

    /// <summary>
    /// <c>AT+CMEE</c> level after boot. Luat logs show numeric codes without the host setting CMEE, so numeric (1)
    /// is the likeliest factory default — VERIFY against a real module.
    /// </summary>
    public int DefaultCmee { get; init; } = 1;

    /// <summary>
    /// What <c>AT+IPR?</c> reports until the host sets a rate. The 8910 factory default is not documented; 115200 is
    /// the likeliest (every Luat guide and driver uses it) — VERIFY against a real module.
    /// </summary>
    public int BaudRate { get; init; } = 115200;

    public SimCardState Sim { get; init; } = SimCardState.Ready;

    /// <summary>The cell it is registered on, as <c>AT+CEREG=2</c> then <c>AT+CEREG?</c> print it (hexadecimal TAC and cell id).</summary>
    public (string TrackingArea, string CellId) ServingCell { get; init; } = ("18BE", "0B4F93E1");

    /// <summary>Service-centre number (<c>AT+CSCA?</c>, and in front of every stored message).</summary>
    public string SmsServiceCentre { get; init; } = "+8613800100500";

    /// <summary>Slots of the SIM's message store; openLuat's AT SMS guide shows 50.</summary>
    public int SmsStoreCapacity { get; init; } = 50;

    /// <summary>Entries of each SIM phonebook ("SM", "FD"); 250 is common for SIM cards.</summary>
    public int PhonebookCapacity { get; init; } = 250;

    /// <summary>
    /// Print <c>SMS READY</c> at boot once the SIM is ready. Luat's lib/sms.lua waits for this line from the 8910 core
    /// before its set-up, but the public boot logs of the AT firmware do not show it: off by default, so a host must
    /// not depend on it (LuatHost's sms library does not).
    /// </summary>
    public bool EmitSmsReady { get; init; }

    /// <summary>What the far end of a voice call the host dials does (<c>ATD&lt;number&gt;;</c>).</summary>
    public CalledParty CalledParty { get; init; } = CalledParty.Answers;

    /// <summary>How long the far end rings before it answers (or, for <see cref="CalledParty.NoAnswer"/>, before the network gives up).</summary>
    public TimeSpan CallAnswerDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// What the module prints as a voice call is set up and ends. The two public sources disagree: Luat's 8910 library
    /// (lib/cc.lua) waits for <c>CONNECT</c>, while openLuat's AT manual (Call/ATD.md) shows the AT firmware printing the
    /// call's bearer instead (<c>^MODE: 17,17</c> …) and <c>^MODE: 0,0</c> … when it ends. The 8910 core's is the default:
    /// it is the firmware Luat scripts run on.
    /// </summary>
    public VoiceCallUrcs VoiceCallUrcs { get; init; } = VoiceCallUrcs.Core8910;

    /// <summary><c>AT+CSQ</c> rssi while registered.</summary>
    public int SignalQuality { get; init; } = 29;

    /// <summary>Local IP printed by <c>AT+CIFSR</c> and <c>AT+SAPBR=2,1</c> (the tutorial's value).</summary>
    public string LocalIp { get; init; } = "100.86.47.178";

    /// <summary>Broker policy: seconds it waits for the MQTT CONNECT after TCP (5 s per the Air724 tutorials, §5.4).</summary>
    public TimeSpan MqttConnectDeadline { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// After a refused CONNACK the broker closes TCP; whether the module then also prints <c>CLOSED</c> after the
    /// <c>ERROR</c> URC is not documented — VERIFY. Off = only <c>ERROR</c>, state back to 0.
    /// </summary>
    public bool EmitClosedAfterRefusedConnack { get; init; }

    /// <summary>The SSL example in the HTTP guide shows <c>+HTTPACTION:</c> repeated; hosts must de-duplicate (§4).</summary>
    public bool DuplicateHttpActionUrc { get; init; }

    /// <summary>
    /// Whether <c>AT+MQTTMSGGET</c> empties the cache after printing it. The guide implies a read consumes the
    /// messages — VERIFY.
    /// </summary>
    public bool MqttMessageGetClearsCache { get; init; } = true;

    /// <summary>Turns remote host names into local endpoints (e.g. <c>*.aliyuncs.com</c> → the local cloud).</summary>
    public HostMap HostMap { get; init; } = new();

    /// <summary>When set, TLS peers must present exactly this certificate (the local cloud's self-signed one).</summary>
    public X509Certificate2? PinnedCertificate { get; init; }

    /// <summary>
    /// Links of <c>AT+CIPMUX=1</c> (ids 0..n-1). SIMCom-family modules have 6 or 8 and openLuat's multi-link guide shows
    /// 8 (C:0…C:7) — VERIFY the Air724's count against a real module.
    /// </summary>
    public int SocketLinkCount { get; init; } = 8;

    /// <summary>
    /// Largest <c>AT+CIPSEND=n,len</c> (and so the largest UDP datagram). SIMCom answers <c>AT+CIPSEND?</c> with 1460 —
    /// VERIFY for the Air724.
    /// </summary>
    public int SocketSendMaxBytes { get; init; } = 1460;

    /// <summary>Most bytes one <c>+RECEIVE,n,len:</c> carries; more arrive as several URCs.</summary>
    public int SocketReceiveChunkBytes { get; init; } = 1460;

    /// <summary>Timeout for a whole <c>AT+HTTPACTION</c> request (the module's default HTTP TIMEOUT is 120 s).</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Latencies and start-up behaviour (<see cref="RealismProfile.Instant"/> unless asked).</summary>
    public RealismProfile Realism { get; init; } = RealismProfile.Instant;

    /// <summary>Seed for the realism draws (latencies, second RDY), so a failing run can be repeated.</summary>
    public int? RandomSeed { get; init; }

    /// <summary>
    /// <c>AT+MPUBEX</c> is documented for EC618 firmware only and not confirmed on 8910 firmware; false makes the module
    /// answer it (and its <c>=?</c> form) with <c>ERROR</c>, as a module without it would.
    /// </summary>
    public bool MpubexSupported { get; init; } = true;

    /// <summary>
    /// Whether messages are cached (<c>AT+MQTTMSGSET=1</c>) before the host sets the mode. The guide says direct, two
    /// official transcripts receive in cache mode without setting it: the sources disagree, so it is a setting.
    /// </summary>
    public bool CacheMessagesByDefault { get; init; }

    /// <summary>
    /// Longest payload printed as a direct <c>+MSUB:</c> line; a longer message is cached and announced by slot instead.
    /// The Air724 FAQ gives 1360 B, the MSUB page 4100 B: 1360 by default, settable.
    /// </summary>
    public int DirectPayloadLimit { get; init; } = 1360;
}

/// <summary>The far end of a voice call the host dials on the virtual network.</summary>
public enum CalledParty
{
    /// <summary>Rings, then answers after <see cref="ModuleOptions.CallAnswerDelay"/> (<c>CONNECT</c>).</summary>
    Answers,

    /// <summary>Engaged: <c>BUSY</c> at once.</summary>
    Busy,

    /// <summary>Rings until <see cref="ModuleOptions.CallAnswerDelay"/>, then <c>NO ANSWER</c>.</summary>
    NoAnswer,
}

/// <summary>How the virtual module reports a voice call's set-up and end (<see cref="ModuleOptions.VoiceCallUrcs"/>).</summary>
public enum VoiceCallUrcs
{
    /// <summary><c>CONNECT</c> when the far end answers; <c>NO CARRIER</c>, <c>BUSY</c> or <c>NO ANSWER</c> when it ends or fails.</summary>
    Core8910,

    /// <summary>
    /// As openLuat's AT manual shows (Call/ATD.md): <c>^MODE: 17,17</c>, <c>+E_UTRAN Service</c>, <c>+CGEV: NW ACT 15,7,0</c>
    /// once the call is up (no <c>CONNECT</c>); <c>^MODE: 0,0</c>, <c>+NO Service</c>, <c>+CGEV: NW DEACT 15, 7, 0</c> once it
    /// is down; <c>NO CARRIER</c> when the far end ends it. A host that takes <c>^MODE: 0,0</c> for lost service would
    /// drop its data link at every hang-up.
    /// </summary>
    AtFirmware,
}
