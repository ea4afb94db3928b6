using System.Text;

namespace LuatHost.At;

/// <summary>
/// Raw traffic to NLog (logger "LuatHost.At.Trace", level Trace), one entry per command, payload and received line,
/// always through the <see cref="SecretRedactor"/>. Nothing is formatted unless Trace is enabled.
/// </summary>
internal sealed class AtTrace(SecretRedactor redactor, string loggerName)
{
    private const int PayloadPreviewBytes = 256;
    private readonly NLog.Logger _log = NLog.LogManager.GetLogger(loggerName);

    public void Sent(string commandText)
    {
        if (_log.IsTraceEnabled)
        {
            _log.Trace("-> {Line}", redactor.Redact(commandText));
        }
    }

    public void SentPayload(ReadOnlySpan<byte> payload, bool isText)
    {
        if (_log.IsTraceEnabled)
        {
            _log.Trace("-> [{Length} bytes] {Preview}", payload.Length, isText ? Preview(payload) : "(binary)");
        }
    }

    public void Received(AtLine line, string route)
    {
        if (!_log.IsTraceEnabled)
        {
            return;
        }
        if (line.HasPayload)
        {
            _log.Trace("<- {Line} [{Length} bytes] {Preview} ({Route})", redactor.Redact(line.Text), line.Payload.Length, Preview(line.Payload.Span), route);
        }
        else
        {
            _log.Trace("<- {Line} ({Route})", redactor.Redact(line.Text), route);
        }
    }

    public void Prompt(string prompt)
    {
        if (_log.IsTraceEnabled)
        {
            _log.Trace("<- {Prompt} (prompt)", prompt);
        }
    }

    private string Preview(ReadOnlySpan<byte> payload)
    {
        // Redact the whole text first: a secret must be masked even if the preview cut would split it.
        var text = redactor.Redact(Encoding.UTF8.GetString(payload));
        if (text.Length > PayloadPreviewBytes)
        {
            text = text[..PayloadPreviewBytes] + "…";
        }
        return text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }
}
