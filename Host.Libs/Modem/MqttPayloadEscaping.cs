using System.Text;

namespace LuatHost.Modem;

/// <summary>
/// AT+MPUB message escaping (docs/air724-at.md §5.5): inside the quoted message <c>"</c> → <c>\22</c>, CR → <c>\0D</c>,
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

    /// <summary>How many bytes <see cref="Escape(ReadOnlySpan{byte})"/> writes: each of the four specials grows by two.</summary>
    public static int EscapedLength(ReadOnlySpan<byte> payload)
    {
        var length = payload.Length;
        foreach (var b in payload)
        {
            if (b is (byte)'"' or (byte)'\r' or (byte)'\n' or (byte)'\\')
            {
                length += 2;
            }
        }
        return length;
    }

    public static string Escape(string payload) => Escape(Encoding.UTF8.GetBytes(payload));
}
