namespace LuatHost.Luat.Compat;

/// <summary>
/// A script file's bytes as the module's loader sees them: a UTF-8 byte-order mark (Windows
/// editors add one) is skipped, everything else is kept byte for byte — a GBK-saved script keeps
/// its GBK string literals, as on the module (see docs/lua51-compat.md, "Source encoding").
/// </summary>
public static class ScriptSource
{
    public static byte[] Read(string hostPath) => WithoutBom(File.ReadAllBytes(hostPath));

    public static byte[] WithoutBom(byte[] bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? bytes[3..] : bytes;
}
