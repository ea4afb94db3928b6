using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The module's own MQTT 3.1.1 client (docs/air724-at.md §5): AT+MCONFIG, AT+MIPSTART / AT+SSLMIPSTART (→ CONNECT OK),
/// AT+MCONNECT (→ CONNACK OK), AT+MSUB (→ SUBACK), AT+MUNSUB (→ UNSUBACK), AT+MPUB / AT+MPUBEX (→ PUBACK or
/// PUBREC+PUBCOMP), AT+MQTTMSGSET, AT+MQTTMSGGET, AT+MQTTSTATU, AT+MDISCONNECT, AT+MIPCLOSE.
/// Each method returns when the asynchronous result has arrived (CONNACK, SUBACK, PUBACK …) and throws with the
/// command name and the likely cause otherwise. Limits are checked before anything is sent.
/// <para>Events (<see cref="MessageReceived"/>, <see cref="MessageCached"/>, <see cref="ConnectionLost"/>) are raised on the
/// AT reader thread: post them to your event loop, never block or call a command from inside.</para>
/// </summary>
public sealed partial class Mqtt
{
    private const string PublishFailureHint = "MQTT is not connected (CONNACK OK first) or the message is not quoted/escaped";
    private const string LateConnectHint = "the broker closes the TCP link if MCONNECT is late (check the network or the host name)";

    /// <summary>What the module prints when the broker link, the bearer or the service is gone: no acknowledgement can come after it.</summary>
    private static readonly IReadOnlyList<string> LinkLoss = LinkSignals.MqttLinkLoss;

    private readonly AtEngine _engine;
    private readonly LinkMonitor _link;
    private readonly ModemTimeouts _timeouts;
    private static readonly NLog.Logger Log = NLog.LogManager.GetLogger("LuatHost.Modem");

    /// <summary>Null until the first counted publish tells: AT+MPUBEX is documented for EC618 firmware only.</summary>
    private bool? _countedPublishSupported;

    public Mqtt(AtEngine engine, LinkMonitor link, ModemTimeouts? timeouts = null)
    {
        _engine = engine;
        _link = link;
        _timeouts = timeouts ?? new ModemTimeouts();
        engine.Urcs.Register("+MSUB:", OnMsub);
        link.Signaled += OnLinkSignal;
    }

    /// <summary>A message arrived in direct mode (<c>+MSUB: "t",n byte,…</c>).</summary>
    public event Action<MqttMessage>? MessageReceived;

    /// <summary>A message is waiting in cache slot 0..3 (<c>+MSUB: n</c>, cache mode); fetch it with <see cref="GetCachedMessagesAsync"/>.</summary>
    public event Action<int>? MessageCached;

    /// <summary>The MQTT link is gone (CLOSED, keep-alive lost, PDP or service lost, module reboot); raised for every such line.</summary>
    public event Action<MqttConnectionLoss>? ConnectionLost;

    /// <summary>
    /// AT+MCONFIG="id","user","pwd"[,"will_topic",will_qos,will_retain,"will_msg"] (the openLuat manual's order; the
    /// virtual module also takes the older qos-first order). Each credential ≤ 256 bytes. The password is registered
    /// with the redactor before the command is traced.
    /// </summary>
    public Task ConfigureAsync(string clientId, string user, string password, MqttWill? will = null, CancellationToken cancellationToken = default)
    {
        var text = new StringBuilder("AT+MCONFIG=")
            .Append(AtArguments.Quote(clientId, "MQTT client id", ModemLimits.MqttCredentialBytes)).Append(',')
            .Append(AtArguments.Quote(user, "MQTT user name", ModemLimits.MqttCredentialBytes)).Append(',')
            .Append(AtArguments.Quote(password, "MQTT password", ModemLimits.MqttCredentialBytes));
        if (will is not null)
        {
            AtArguments.CheckRange(will.Qos, 0, 2, "will QoS");
            text.Append(',').Append(AtArguments.Quote(will.Topic, "will topic", ModemLimits.MqttTopicBytes))
                .Append(',').Append(will.Qos).Append(',').Append(will.Retain ? 1 : 0).Append(',')
                .Append(AtArguments.Quote(will.Message, "will message", ModemLimits.MqttWillMessageBytes));
        }
        _engine.Redactor.Register(password);
        return Run(new AtCommand(text.ToString()), "an empty user or password is refused by some firmware (+CME ERROR: 765)", cancellationToken);
    }

    /// <summary>AT+MCONFIG="id": the client id alone, for a broker that takes anonymous clients (third-party Air724 drivers send this).</summary>
    public Task ConfigureAnonymousAsync(string clientId, CancellationToken cancellationToken = default) =>
        Run(new AtCommand("AT+MCONFIG=" + AtArguments.Quote(clientId, "MQTT client id", ModemLimits.MqttCredentialBytes)), null, cancellationToken);

    /// <summary>
    /// AT+MIPSTART="host",port (or AT+SSLMIPSTART for TLS) → OK, then CONNECT OK or ALREADY CONNECT.
    /// Returns true when the module said ALREADY CONNECT. Send <see cref="ConnectAsync"/> right after (the broker waits ~5 s).
    /// </summary>
    public async Task<bool> StartAsync(string host, int port, bool tls = false, CancellationToken cancellationToken = default)
    {
        AtArguments.CheckText(host, "broker host name", ModemLimits.MqttCredentialBytes);
        AtArguments.CheckRange(port, 1, 65535, "broker port");
        var name = tls ? "AT+SSLMIPSTART" : "AT+MIPSTART";
        var command = new AtCommand($"{name}=\"{host}\",{port.ToString(CultureInfo.InvariantCulture)}")
        {
            FollowUp = new AtFollowUp("CONNECT OK", ["CONNECT OK", "ALREADY CONNECT"], _timeouts.TcpConnect)
            {
                FailurePrefixes = ["CONNECT FAIL"],
                TimeoutHint = $"the module could not reach {host}:{port} (check the host name, the port and the network)",
            },
        };
        var response = await Run(command, "close a previous link first (AT+MIPCLOSE)", cancellationToken).ConfigureAwait(false);
        var result = (await response.WaitFollowUpAsync(cancellationToken).ConfigureAwait(false))
            .EnsureSucceeded(name, $"the module could not open TCP{(tls ? "/TLS" : "")} to {host}:{port} (check the host name, port and network)");
        return result.Line.StartsWith("ALREADY", StringComparison.Ordinal);
    }

    /// <summary>AT+MCONNECT=&lt;clean&gt;,&lt;keepalive&gt; → OK, then CONNACK OK (ERROR or CLOSED = refused).</summary>
    public async Task ConnectAsync(bool cleanSession = true, int keepAliveSeconds = 300, CancellationToken cancellationToken = default)
    {
        AtArguments.CheckRange(keepAliveSeconds, 1, 65535, "MQTT keepalive (s)");
        var command = new AtCommand($"AT+MCONNECT={(cleanSession ? 1 : 0)},{keepAliveSeconds.ToString(CultureInfo.InvariantCulture)}")
        {
            TimeoutHint = LateConnectHint,
            FollowUp = new AtFollowUp("CONNACK", ["CONNACK OK"], _timeouts.Connack)
            {
                FailurePrefixes = ["ERROR"],
                LinkLossPrefixes = LinkLoss,
                TimeoutHint = LateConnectHint,
            },
        };
        var response = await Run(command, "the TCP link is not up (run AT+MIPSTART and send MCONNECT within 5 s of CONNECT OK; +CME ERROR: 767 = not connected)", cancellationToken).ConfigureAwait(false);
        (await response.WaitFollowUpAsync(cancellationToken).ConfigureAwait(false))
            .EnsureSucceeded("AT+MCONNECT", "the broker refused the connection (check client id, user name and password/signature) or closed the link because MCONNECT was late");
        _link.Report(LinkSignal.MqttConnected, "CONNACK OK");
    }

    /// <summary>AT+MSUB="topic",qos → OK, then SUBACK.</summary>
    public async Task SubscribeAsync(string topic, int qos = 0, CancellationToken cancellationToken = default)
    {
        var quotedTopic = AtArguments.Quote(topic, "topic", ModemLimits.MqttTopicBytes);
        AtArguments.CheckRange(qos, 0, 2, "QoS");
        var command = new AtCommand($"AT+MSUB={quotedTopic},{qos}")
        {
            FollowUp = Acknowledgement("SUBACK", "the broker did not acknowledge (is the topic allowed for this device?)"),
        };
        var response = await Run(command, "MQTT is not connected (CONNACK OK first)", cancellationToken).ConfigureAwait(false);
        (await response.WaitFollowUpAsync(cancellationToken).ConfigureAwait(false))
            .EnsureSucceeded("AT+MSUB", "the broker refused the subscription (is the topic allowed for this device?) or the link dropped");
    }

    /// <summary>AT+MUNSUB="topic" → OK, then UNSUBACK.</summary>
    public async Task UnsubscribeAsync(string topic, CancellationToken cancellationToken = default)
    {
        var command = new AtCommand($"AT+MUNSUB={AtArguments.Quote(topic, "topic", ModemLimits.MqttTopicBytes)}")
        {
            FollowUp = Acknowledgement("UNSUBACK", "the broker did not acknowledge the unsubscribe"),
        };
        var response = await Run(command, "MQTT is not connected", cancellationToken).ConfigureAwait(false);
        (await response.WaitFollowUpAsync(cancellationToken).ConfigureAwait(false))
            .EnsureSucceeded("AT+MUNSUB", "the broker refused the unsubscribe or the link dropped");
    }

    /// <summary>Publishes UTF-8 text; see <see cref="PublishAsync(string, ReadOnlyMemory{byte}, int, bool, CancellationToken)"/>.</summary>
    public Task PublishAsync(string topic, string payload, int qos = 0, bool retain = false, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, Encoding.UTF8.GetBytes(payload), qos, retain, cancellationToken);

    /// <summary>
    /// Publishes and returns when the QoS is satisfied (QoS0: OK; QoS1: PUBACK; QoS2: PUBREC then PUBCOMP).
    /// Text payloads go through AT+MPUB with escaping; binary or long ones through AT+MPUBEX with a length — unless
    /// the module answered the first AT+MPUBEX with ERROR (8910 firmware may lack it): then, for the rest of the
    /// session and with one warning, the fallback of MqttPlainPublish.cs (escaped or hex AT+MPUB within its limits).
    /// </summary>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, int qos = 0, bool retain = false, CancellationToken cancellationToken = default)
    {
        var wantsCounted = !payload.IsEmpty && (!MqttPayloadEscaping.IsTextSafe(payload.Span) || MqttPayloadEscaping.EscapedLength(payload.Span) > ModemLimits.MpubInlineEscapedBytes);
        if (wantsCounted && _countedPublishSupported != false)
        {
            try
            {
                await PublishCountedAsync(topic, payload, qos, retain, cancellationToken).ConfigureAwait(false);
                _countedPublishSupported = true;
                return;
            }
            catch (AtCommandFailedException ex) when (_countedPublishSupported is null && ex.Status == AtStatus.Error && ex.ErrorCode is null)
            {
                _countedPublishSupported = false;
                Log.Warn("The module answered AT+MPUBEX with ERROR: it has no counted publish; publishing with escaped AT+MPUB from now on "
                    + $"(at most {ModemLimits.MpubMessageBytes} bytes between the quotes; binary payloads as hex with AT+MQTTMODE=1, at most {ModemLimits.MpubMessageBytes / 2} bytes)");
            }
        }
        if (wantsCounted)
        {
            await PublishWithoutCountedAsync(topic, payload, qos, retain, cancellationToken).ConfigureAwait(false);
            return;
        }
        await PublishEscapedAsync(topic, payload, qos, retain, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AT+MPUB="topic",qos,retain,"escaped message" (message must be quoted; <c>\22 \0D \0A \5C</c> escaping).</summary>
    public async Task PublishEscapedAsync(string topic, ReadOnlyMemory<byte> payload, int qos = 0, bool retain = false, CancellationToken cancellationToken = default)
    {
        var quotedTopic = CheckPublish(topic, payload, qos);
        if (!MqttPayloadEscaping.IsTextSafe(payload.Span))
        {
            throw new AtArgumentException("The payload is binary or not UTF-8; AT+MPUB cannot carry it. Use AT+MPUBEX (PublishCountedAsync or PublishAsync).");
        }
        var escaped = MqttPayloadEscaping.Escape(payload.Span);
        var command = new AtCommand($"AT+MPUB={quotedTopic},{qos},{(retain ? 1 : 0)},\"{escaped}\"") { FollowUp = PublishFollowUp(qos) };
        await PublishInTextModeAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AT+MPUBEX="topic",qos,retain,len → '&gt;' → exactly len raw bytes → OK (no escaping, binary-safe).</summary>
    public async Task PublishCountedAsync(string topic, ReadOnlyMemory<byte> payload, int qos = 0, bool retain = false, CancellationToken cancellationToken = default)
    {
        var quotedTopic = CheckPublish(topic, payload, qos);
        if (payload.IsEmpty)
        {
            throw new AtArgumentException("AT+MPUBEX needs 1..4100 payload bytes; publish an empty message with AT+MPUB (PublishEscapedAsync).");
        }
        var command = new AtCommand($"AT+MPUBEX={quotedTopic},{qos},{(retain ? 1 : 0)},{payload.Length.ToString(CultureInfo.InvariantCulture)}")
        {
            Prompt = AtPrompt.GreaterThan(payload) with { PayloadIsText = MqttPayloadEscaping.IsTextSafe(payload.Span) },
            FollowUp = PublishFollowUp(qos),
        };
        await PublishAndWaitAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AT+MQTTMSGSET=0|1: print messages directly (default) or cache them in 4 RAM slots.</summary>
    public Task SetMessageModeAsync(MqttMessageMode mode, CancellationToken cancellationToken = default) =>
        Run(new AtCommand($"AT+MQTTMSGSET={(int)mode}"), null, cancellationToken);

    /// <summary>AT+MQTTMSGGET → every cached message (printed as direct-form <c>+MSUB:</c> lines, then OK).</summary>
    public async Task<IReadOnlyList<MqttMessage>> GetCachedMessagesAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(_engine.Dialect.Command("AT+MQTTMSGGET"), "cache mode only (AT+MQTTMSGSET=1)", cancellationToken).ConfigureAwait(false);
        var messages = new List<MqttMessage>();
        foreach (var line in response.Lines)
        {
            if (MqttMessage.TryParse(line, out var message))
            {
                messages.Add(message!);
            }
        }
        return messages;
    }

    /// <summary>AT+MQTTSTATU → <c>+MQTTSTATU :n</c> (note the space before the colon, §8).</summary>
    public async Task<MqttState> GetStateAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(_engine.Dialect.Command("AT+MQTTSTATU"), null, cancellationToken).ConfigureAwait(false);
        foreach (var line in response.Lines)
        {
            var match = MqttStatuLine().Match(line.Text);
            if (match.Success)
            {
                return (MqttState)int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            }
        }
        throw AtArguments.Malformed(response, string.Join(" | ", response.TextLines()));
    }

    /// <summary>AT+MDISCONNECT: MQTT DISCONNECT; the TCP link stays up until <see cref="CloseAsync"/> (openLuat MQTT example).</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken = default)
    {
        _link.Report(LinkSignal.MqttDisconnected, "AT+MDISCONNECT");
        await Run(new AtCommand("AT+MDISCONNECT"), "MQTT was not connected", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AT+MIPCLOSE → OK or CLOSE OK. After CLOSED any answer is fine, so errors are ignored unless asked otherwise.</summary>
    public async Task CloseAsync(bool ignoreErrors = true, CancellationToken cancellationToken = default)
    {
        _link.Report(LinkSignal.MqttDisconnected, "AT+MIPCLOSE");
        var response = await _engine.ExecuteAsync(_engine.Dialect.Command("AT+MIPCLOSE"), cancellationToken).ConfigureAwait(false);
        if (!ignoreErrors)
        {
            response.EnsureOk("the TCP link was not open");
        }
    }

    private static string CheckPublish(string topic, ReadOnlyMemory<byte> payload, int qos)
    {
        var quotedTopic = AtArguments.Quote(topic, "topic", ModemLimits.MqttTopicBytes);
        AtArguments.CheckRange(qos, 0, 2, "QoS");
        if (payload.Length > ModemLimits.MqttPayloadBytes)
        {
            throw new AtArgumentException($"The payload is {payload.Length} bytes; the module publishes at most {ModemLimits.MqttPayloadBytes} bytes. Split it or send it by HTTP.");
        }
        return quotedTopic;
    }

    private AtFollowUp? PublishFollowUp(int qos) => qos switch
    {
        1 => Acknowledgement("PUBACK", "the broker did not acknowledge (is publishing to this topic allowed?)"),
        2 => Acknowledgement("PUBCOMP", "the broker did not complete the QoS2 exchange") with { IntermediatePrefixes = ["PUBREC"] },
        _ => null,
    };

    /// <summary>
    /// An MQTT acknowledgement after OK: the module prints ERROR when the broker refused the operation, and once the
    /// link is gone (CLOSED, PDP loss) it will not come, so the wait ends at once instead of at the timeout.
    /// </summary>
    private AtFollowUp Acknowledgement(string name, string timeoutHint) =>
        new(name, [name], _timeouts.MqttAck) { FailurePrefixes = ["ERROR"], LinkLossPrefixes = LinkLoss, TimeoutHint = timeoutHint };

    private async Task PublishAndWaitAsync(AtCommand command, CancellationToken cancellationToken)
    {
        var response = await Run(command, PublishFailureHint, cancellationToken).ConfigureAwait(false);
        await WaitPublishFollowUpAsync(command, response, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WaitPublishFollowUpAsync(AtCommand command, AtResponse response, CancellationToken cancellationToken)
    {
        if (response.FollowUp is not null)
        {
            (await response.WaitFollowUpAsync(cancellationToken).ConfigureAwait(false))
                .EnsureSucceeded(command.Name, "the broker refused the publish or the link dropped; it was not confirmed");
        }
    }

    private void OnLinkSignal(LinkSignal signal, string line)
    {
        MqttConnectionLoss? loss = signal switch
        {
            LinkSignal.MqttClosed => MqttConnectionLoss.Closed,
            LinkSignal.PdnDown or LinkSignal.Detached => MqttConnectionLoss.PdpDeactivated,
            LinkSignal.ServiceLost or LinkSignal.SimRemoved => MqttConnectionLoss.ServiceLost,
            LinkSignal.MqttKeepAliveLost => MqttConnectionLoss.KeepAliveLost,
            LinkSignal.ModuleRebooted => MqttConnectionLoss.ModuleRebooted,
            _ => null,
        };
        if (loss is { } reason)
        {
            ConnectionLost?.Invoke(reason);
        }
    }

    private void OnMsub(AtLine line)
    {
        if (MqttMessage.TryParse(line, out var message))
        {
            MessageReceived?.Invoke(message!);
        }
        else if (MqttMessage.TryParseCacheSlot(line, out var slot))
        {
            MessageCached?.Invoke(slot);
        }
    }

    private async Task<AtResponse> Run(AtCommand command, string? failureHint, CancellationToken cancellationToken) =>
        (await _engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).EnsureOk(failureHint);

    [GeneratedRegex(@"^\+MQTTSTATU\s*:\s*(\d)")]
    private static partial Regex MqttStatuLine();
}
