using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Publishing on a module without AT+MPUBEX (8910 firmware may lack it: at-field-evidence.md §1, "documented for EC618
/// only"). One MQTT message stays one AT+MPUB — cutting it into several publishes would hand the broker several
/// messages — so "chunked to the module's limits" means each message is sent in the form that fits the one command:
/// <list type="bullet">
/// <item>text: escaped (<c>\22 \0D \0A \5C</c>) between the quotes, at most <see cref="ModemLimits.MpubMessageBytes"/>
/// typed bytes;</item>
/// <item>binary: <c>AT+MQTTMODE=1</c>, the message as hex (<c>"313233"</c> publishes <c>123</c>), <c>AT+MQTTMODE=0</c> —
/// the manual's other binary-safe path (at-commands.md §5.1, §5.5), so at most half as many payload bytes;</item>
/// <item>anything longer: one clear error before a byte is sent, never a truncated or altered message.</item>
/// </list>
/// The command line goes out in one write: without flow control the module's UART sees the same bytes at the same
/// rate however the host slices its writes, so slicing would add nothing the module could notice.
/// </summary>
public sealed partial class Mqtt
{
    /// <summary>Hex mode changes how the module reads every AT+MPUB, so no other publish may be sent while it is on.</summary>
    private readonly SemaphoreSlim _publishMode = new(1, 1);

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
        var command = new AtCommand($"AT+MPUB={quotedTopic},{qos},{(retain ? 1 : 0)},\"{Convert.ToHexString(payload.Span)}\"") { FollowUp = PublishFollowUp(qos) };
        AtResponse response;
        await _publishMode.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Run(new AtCommand("AT+MQTTMODE=1"), "the module has no hex publish mode either; send binary data by HTTP", cancellationToken).ConfigureAwait(false);
            try
            {
                response = await Run(command, PublishFailureHint, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                // Back to text before anyone else publishes; not cancellable, or the next text publish would be read as hex.
                await Run(new AtCommand("AT+MQTTMODE=0"), null, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _publishMode.Release();
        }
        await WaitPublishFollowUpAsync(command, response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends an escaped AT+MPUB while no hex publish has the module in hex mode, then waits for its acknowledgement.</summary>
    private async Task PublishInTextModeAsync(AtCommand command, CancellationToken cancellationToken)
    {
        AtResponse response;
        await _publishMode.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            response = await Run(command, PublishFailureHint, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishMode.Release();
        }
        await WaitPublishFollowUpAsync(command, response, cancellationToken).ConfigureAwait(false);
    }
}
