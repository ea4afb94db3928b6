using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Publishing on a module without AT+MPUBEX (8910 firmware may lack it: docs/air724-at.md §5.1 and §10, "documented for EC618
/// only"). One MQTT message stays one AT+MPUB — cutting it into several publishes would hand the broker several
/// messages — so "chunked to the module's limits" means each message is sent in the form that fits the one command:
/// <list type="bullet">
/// <item>text: escaped (<c>\22 \0D \0A \5C</c>) between the quotes, at most <see cref="ModemLimits.MpubMessageBytes"/>
/// typed bytes;</item>
/// <item>binary: <c>AT+MQTTMODE=1</c>, the message as hex (<c>"313233"</c> publishes <c>123</c>), <c>AT+MQTTMODE=0</c> —
/// the manual's other binary-safe path (docs/air724-at.md §5.1, §5.5), so at most half as many payload bytes;</item>
/// <item>anything longer: one clear error before a byte is sent, never a truncated or altered message.</item>
/// </list>
/// The command line goes out in one write: without flow control the module's UART sees the same bytes at the same
/// rate however the host slices its writes, so slicing would add nothing the module could notice.
/// </summary>
public sealed partial class Mqtt
{
    /// <summary>
    /// Hex mode changes how the module reads every AT+MPUB, so the three commands of a hex publish are queued on the
    /// engine back to back (its queue is first come, first served) and no other publish is queued between them. Nothing
    /// waits on this lock: publishes keep the order they were called in, as the engine gives every command.
    /// </summary>
    private readonly Lock _publishOrder = new();

    /// <summary>Null until the first binary publish without AT+MPUBEX asks whether the module knows AT+MQTTMODE.</summary>
    private bool? _hexModeSupported;

    private async Task PublishWithoutCountedAsync(string topic, ReadOnlyMemory<byte> payload, int qos, bool retain, CancellationToken cancellationToken)
    {
        var quotedTopic = CheckPublish(topic, payload, qos);
        if (MqttPayloadEscaping.IsTextSafe(payload.Span))
        {
            var escapedLength = MqttPayloadEscaping.EscapedLength(payload.Span);
            if (escapedLength > ModemLimits.MpubMessageBytes)
            {
                throw new AtArgumentException($"The {payload.Length}-byte payload escapes to {escapedLength} bytes; this module has no AT+MPUBEX (it answered ERROR) "
                    + $"and AT+MPUB carries at most {ModemLimits.MpubMessageBytes} between its quotes. Shorten the message (fewer quotes and line breaks) or send it by HTTP.");
            }
            await PublishEscapedAsync(topic, payload, qos, retain, cancellationToken).ConfigureAwait(false);
            return;
        }
        if (payload.Length * 2 > ModemLimits.MpubMessageBytes)
        {
            throw new AtArgumentException($"The payload is {payload.Length} binary bytes; this module has no AT+MPUBEX (it answered ERROR), and as hex (AT+MQTTMODE=1) "
                + $"AT+MPUB carries at most {ModemLimits.MpubMessageBytes / 2} bytes. Split it into smaller messages or send it by HTTP.");
        }
        // Asked once, with the harmless text-mode setting: were AT+MQTTMODE=1 refused after the hex AT+MPUB is queued, the
        // module would publish the hex digits as text.
        if (_hexModeSupported is null)
        {
            var probe = await _engine.ExecuteAsync(new AtCommand("AT+MQTTMODE=0"), cancellationToken).ConfigureAwait(false);
            _hexModeSupported = probe.Status == AtStatus.Ok;
        }
        if (_hexModeSupported == false)
        {
            throw new AtArgumentException("The payload is binary and this module has neither AT+MPUBEX nor AT+MQTTMODE (both answered ERROR); AT+MPUB carries text only. Encode it (base64/hex) first.");
        }
        var command = new AtCommand($"AT+MPUB={quotedTopic},{qos},{(retain ? 1 : 0)},\"{Convert.ToHexString(payload.Span)}\"") { FollowUp = PublishFollowUp(qos) };
        Task<AtResponse> hexOn, publish, textOn;
        lock (_publishOrder)
        {
            hexOn = _engine.ExecuteAsync(new AtCommand("AT+MQTTMODE=1"), cancellationToken);
            publish = _engine.ExecuteAsync(command, cancellationToken);
            // Not cancellable: the next text publish must not be read as hex.
            textOn = _engine.ExecuteAsync(new AtCommand("AT+MQTTMODE=0"), CancellationToken.None);
        }
        (await hexOn.ConfigureAwait(false)).EnsureOk("the module refused hex publish mode");
        var response = (await publish.ConfigureAwait(false)).EnsureOk(PublishFailureHint);
        (await textOn.ConfigureAwait(false)).EnsureOk("the module did not return to text publish mode");
        await WaitPublishFollowUpAsync(command, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues an escaped AT+MPUB (never between the commands of a hex publish), then waits for its acknowledgement.</summary>
    private async Task PublishInTextModeAsync(AtCommand command, CancellationToken cancellationToken)
    {
        Task<AtResponse> sent;
        lock (_publishOrder)
        {
            sent = _engine.ExecuteAsync(command, cancellationToken);
        }
        var response = (await sent.ConfigureAwait(false)).EnsureOk(PublishFailureHint);
        await WaitPublishFollowUpAsync(command, response, cancellationToken).ConfigureAwait(false);
    }
}
