using System.Text;

namespace LuatHost.Luat.Binding;

/// <summary>
/// How a Lua string's bytes become console text. Luat scripts are often saved in GBK, and the
/// module keeps those bytes; the console shows them readably: a string that is valid UTF-8 is
/// UTF-8, anything else is read as GBK (code page 936) — unless --console-encoding fixes one.
/// </summary>
public static class LuaTextDecoder
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    static LuaTextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static Encoding Gbk => Encoding.GetEncoding(936);

    /// <summary>utf-8 | gbk (gb2312, cp936) | auto (null).</summary>
    public static Encoding? Parse(string? name, string option = "--console-encoding") => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => null,
        "utf-8" or "utf8" => Encoding.UTF8,
        "gbk" or "gb2312" or "cp936" or "936" => Gbk,
        var other => throw new ArgumentException($"{option}: unknown encoding '{other}' (use auto, utf-8 or gbk)"),
    };

    public static string Decode(ReadOnlySpan<byte> bytes, Encoding? forced = null)
    {
        if (forced is not null) return forced.GetString(bytes);
        if (bytes.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0) return Encoding.ASCII.GetString(bytes);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Gbk.GetString(bytes);
        }
    }
}
