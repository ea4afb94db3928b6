using System.Globalization;
using System.Text;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>A message the module received on a subscribed topic (<c>+MSUB: "&lt;topic&gt;",&lt;n&gt; byte,&lt;n raw bytes&gt;</c>).</summary>
public sealed record MqttMessage(string Topic, byte[] Payload)
{
    public string PayloadText => Encoding.UTF8.GetString(Payload);

    /// <summary>
    /// Parses the direct form. The engine already cut the payload by its length (it may contain CR/LF, §5.2); the
    /// header text is <c>+MSUB: "topic",n byte,</c>. Topics may contain commas, so the length is found from the end.
    /// </summary>
    public static bool TryParse(AtLine line, out MqttMessage? message)
    {
        message = null;
        var text = line.Text;
        const string prefix = "+MSUB:";
        const string suffix = " byte,";
        if (!text.StartsWith(prefix, StringComparison.Ordinal) || !text.EndsWith(suffix, StringComparison.Ordinal))
        {
            return false;
        }
        var body = text[prefix.Length..^suffix.Length].TrimStart();
        var comma = body.LastIndexOf(',');
        if (comma < 0 || !int.TryParse(body.AsSpan(comma + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length != line.Payload.Length)
        {
            return false;
        }
        var topic = body[..comma].Trim();
        if (topic.Length >= 2 && topic[0] == '"' && topic[^1] == '"')
        {
            topic = topic[1..^1];
        }
        message = new MqttMessage(topic, line.Payload.ToArray());
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

/// <summary>Why the MQTT link is gone (docs/air724-at.md §5.3): recover with MIPCLOSE → MCONFIG → MIPSTART → MCONNECT.</summary>
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
