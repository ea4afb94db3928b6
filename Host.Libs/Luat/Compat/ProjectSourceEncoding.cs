using System.Text;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Compat;

/// <summary>
/// Which encoding a project's .lua files are saved in (run --encoding, or detected). The bytes reach Lua
/// unchanged either way, as on the module; the encoding decides how print/log show script strings
/// when --console-encoding is not given. Detection: a project with a .lua file whose non-ASCII bytes
/// are not valid UTF-8 is GBK (Windows editors in China save GBK by default); otherwise each string is
/// shown as UTF-8 when valid, else GBK.
/// </summary>
public static class ProjectSourceEncoding
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(false, throwOnInvalidBytes: true);

    /// <summary>How print/log decode strings: the console encoding if given, else the source's, else detected (null = per string).</summary>
    public static Encoding? ConsoleEncoding(LuatRunOptions options) =>
        options.ConsoleEncoding ?? options.SourceEncoding ?? Detect(options.ProjectDirectory);

    /// <summary>GBK when a .lua file of the project is not UTF-8; null (decide per string) otherwise.</summary>
    public static Encoding? Detect(string projectDirectory)
    {
        if (!Directory.Exists(projectDirectory)) return null;
        foreach (var file in Directory.EnumerateFiles(projectDirectory, "*.lua", SearchOption.AllDirectories))
        {
            if (!IsUtf8(File.ReadAllBytes(file))) return LuaTextDecoder.Gbk;
        }
        return null;
    }

    private static bool IsUtf8(byte[] bytes)
    {
        if (bytes.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0) return true;
        try
        {
            StrictUtf8.GetCharCount(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
