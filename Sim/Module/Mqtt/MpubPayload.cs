using System.Globalization;
using System.Text;

namespace LuatHost.Sim.Module.Mqtt;

/// <summary>
/// Payload decoding for <c>AT+MPUB</c>: inside the quoted message a backslash and two hex digits stand for one byte
/// (<c>\22</c> quote, <c>\0D</c> CR, <c>\0A</c> LF, <c>\5C</c> backslash; §5.5). With <c>AT+MQTTMODE=1</c> the whole
/// message is hex (<c>"313233"</c> → <c>123</c>).
/// </summary>
internal static class MpubPayload
{
    public static byte[] Unescape(string message)
    {
        var output = new List<byte>(message.Length);
        var literal = new StringBuilder();
        for (var i = 0; i < message.Length; i++)
        {
            if (message[i] == '\\' && i + 2 < message.Length
                && byte.TryParse(message.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var escaped))
            {
                Flush(literal, output);
                output.Add(escaped);
                i += 2;
            }
            else
            {
                literal.Append(message[i]);
            }
        }
        Flush(literal, output);
        return output.ToArray();
    }

    public static byte[]? FromHex(string message)
    {
        try
        {
            return Convert.FromHexString(message);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void Flush(StringBuilder literal, List<byte> output)
    {
        if (literal.Length > 0)
        {
            output.AddRange(Encoding.UTF8.GetBytes(literal.ToString()));
            literal.Clear();
        }
    }
}
