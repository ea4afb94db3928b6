using System.Text;

namespace LuatHost.Modem;

/// <summary>
/// AT+MPUB message escaping (at-commands.md §5.5): inside the quoted message <c>"</c> → <c>\22</c>, CR → <c>\0D</c>,
/// LF → <c>\0A</c>, <c>\</c> → <c>\5C</c> (backslash + two hex digits on the wire; the guide's <c>\\\22</c> is C
/// source escaping, not extra bytes). Payloads that are not plain text go through AT+MPUBEX instead.
/// </summary>
public static class MqttPayloadEscaping
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// True when the payload can travel inside AT+MPUB's quotes: valid UTF-8 without control bytes other than CR, LF
    /// and TAB (a NUL or Ctrl-Z would end or corrupt the command line).
    /// </summary>
    public static bool IsTextSafe(ReadOnlySpan<byte> payload)
    {
        foreach (var b in payload)
        {
            if ((b < 0x20 && b is not ((byte)'\r' or (byte)'\n' or (byte)'\t')) || b == 0x7F)
            {
                return false;
            }
        }
        try
        {
            StrictUtf8.GetCharCount(payload);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Escapes a text-safe payload for the wire (without the surrounding quotes).</summary>
    public static string Escape(ReadOnlySpan<byte> payload)
    {
        var text = StrictUtf8.GetString(payload);
        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': builder.Append("\\22"); break;
                case '\r': builder.Append("\\0D"); break;
                case '\n': builder.Append("\\0A"); break;
                case '\\': builder.Append("\\5C"); break;
                default: builder.Append(c); break;
            }
        }
        return builder.ToString();
    }

    public static string Escape(string payload) => Escape(Encoding.UTF8.GetBytes(payload));

    /// <summary>The module's view: turns <c>\XX</c> (two hex digits) back into the byte; other text passes through.</summary>
    public static byte[] Unescape(string wire)
    {
        var utf8 = Encoding.UTF8.GetBytes(wire);
        var output = new byte[utf8.Length];
        var n = 0;
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\\' && i + 2 < utf8.Length && IsHex(utf8[i + 1]) && IsHex(utf8[i + 2]))
            {
                output[n++] = (byte)((HexValue(utf8[i + 1]) << 4) | HexValue(utf8[i + 2]));
                i += 2;
                continue;
            }
            output[n++] = utf8[i];
        }
        return output[..n];
    }

    private static bool IsHex(byte b) => char.IsAsciiHexDigit((char)b);

    private static int HexValue(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
