using System.Globalization;
using System.Text;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>A message the module received on a subscribed topic (<c>+MSUB: "&lt;topic&gt;",&lt;n&gt; byte,&lt;n raw bytes&gt;</c>).</summary>
public sealed record MqttMessage(string Topic, byte[] Payload)
{
    public string PayloadText => Encoding.UTF8.GetString(Payload);

    /// <summary>
    /// Parses the direct form. The engine already cut the payload by its length (it may contain CR/LF); the header text
    /// is <c>+MSUB: "topic",n byte,</c>.
    /// </summary>
    public static bool TryParse(AtLine line, out MqttMessage? message)
    {
        message = null;
        if (!TryParseHeader(line.Text, out var topic, out var length) || length != line.Payload.Length)
        {
            return false;
        }
        message = new MqttMessage(topic, line.Payload.ToArray());
        return true;
    }

    /// <summary>The payload length a direct-form header announces, or null: the dialect table's framing rule for <c>+MSUB:</c>.</summary>
    public static int? PayloadLengthOf(string header) => TryParseHeader(header, out _, out var length) ? length : null;

    /// <summary>
    /// <c>+MSUB: "topic",n byte,</c> → topic and n (openLuat AT manual, MQTT/MSUB). A topic may itself contain
    /// <c>,5 byte,</c>, so the length is the one after the last comma that closes the quoted topic.
    /// </summary>
    private static bool TryParseHeader(string text, out string topic, out int length)
    {
        topic = "";
        length = 0;
        const string prefix = "+MSUB:";
        const string suffix = " byte,";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || !text.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }
        var body = text.AsSpan(prefix.Length, text.Length - prefix.Length - suffix.Length).TrimStart();
        var comma = body.LastIndexOf(',');
        if (comma <= 0 || body[..comma].Count('"') % 2 != 0
            || !int.TryParse(body[(comma + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out length))
        {
            return false;
        }
        var quoted = body[..comma].Trim();
        topic = quoted.Length >= 2 && quoted[0] == '"' && quoted[^1] == '"' ? quoted[1..^1].ToString() : quoted.ToString();
        return true;
    }

    /// <summary>The cache form <c>+MSUB: &lt;slot&gt;</c> (AT+MQTTMSGSET=1): a message waits in slot 0..3.</summary>
    public static bool TryParseCacheSlot(AtLine line, out int slot)
    {
        slot = -1;
        return !line.HasPayload
            && line.Text.StartsWith("+MSUB:", StringComparison.Ordinal)
            && int.TryParse(line.Text.AsSpan("+MSUB:".Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out slot);
    }
}

/// <summary>Why the MQTT link is gone (at-commands.md §5.3): recover with MIPCLOSE → MCONFIG → MIPSTART → MCONNECT.</summary>
public enum MqttConnectionLoss
{
    /// <summary><c>CLOSED</c>: the broker or the TCP link closed.</summary>
    Closed,

    /// <summary><c>+CGEV: NW PDN DEACT</c> / <c>+PDP DEACT</c>: the data context dropped.</summary>
    PdpDeactivated,

    /// <summary>The module rebooted (RDY, ^MODE:, echo back).</summary>
    ModuleRebooted,
}

/// <summary>AT+MQTTSTATU states.</summary>
public enum MqttState
{
    Offline = 0,
    Connected = 1,

    /// <summary>TCP is up but MCONNECT has not been accepted yet: send AT+MCONNECT.</summary>
    TcpConnectedNotAuthenticated = 2,
}

/// <summary>AT+MQTTMSGSET modes: 0 prints each message (default), 1 caches up to 4 in RAM (§5.1).</summary>
public enum MqttMessageMode
{
    Direct = 0,
    Cached = 1,
}

/// <summary>The optional will of AT+MCONFIG.</summary>
public sealed record MqttWill(string Topic, string Message, int Qos = 0, bool Retain = false);
