using System.Text;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// iconv (the C module Luat's common.lua uses): <c>iconv.open(to, from)</c> gives a converter with
/// <c>:iconv(s)</c>, or nil for an encoding it does not know. Names as Luat's: "gb2312" (GBK, code
/// page 936, from .NET's code-page provider, built into .NET since Core 3.0), "ucs2" (UTF-16
/// little-endian), "ucs2be", "utf8"/"utf-8".
/// </summary>
public static class IconvModule
{
    public static LuatLibrary Library { get; } = new("iconv", LuatLibraryKind.CoreGlobal, Register);

    static IconvModule() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The encoding a Luat iconv name stands for, or null.</summary>
    public static Encoding? Find(string name) => name.Trim().ToLowerInvariant() switch
    {
        "gb2312" or "gbk" or "cp936" => Encoding.GetEncoding(936),
        "ucs2" or "ucs-2" or "ucs2le" or "utf16le" => Encoding.Unicode,
        "ucs2be" or "ucs-2be" or "utf16be" => Encoding.BigEndianUnicode,
        "utf8" or "utf-8" => Encoding.UTF8,
        _ => null,
    };

    private static void Register(LuatLibraryBuilder lib)
    {
        lib.Function("_known", lua =>
            {
                lua.PushBoolean(Find(lua.Text(1, "iconv.open")) is not null);
                return 1;
            })
            .Function("_convert", lua =>
            {
                var to = Find(lua.Text(1, "iconv")) ?? throw LuaArgs.BadArgument(1, "iconv", "unknown encoding");
                var from = Find(lua.Text(2, "iconv")) ?? throw LuaArgs.BadArgument(2, "iconv", "unknown encoding");
                lua.PushBuffer(to.GetBytes(from.GetString(lua.Bytes(3, "cd:iconv"))));
                return 1;
            })
            .LuaPart("converter", """
                local iconv = ...
                local known, convert = iconv._known, iconv._convert
                iconv._known, iconv._convert = nil, nil
                local methods = {}
                methods.__index = methods
                function methods:iconv(s) return convert(self.to, self.from, s) end
                function iconv.open(to, from)
                  if not (known(to) and known(from)) then return nil end
                  return setmetatable({ to = to, from = from }, methods)
                end
                """);
    }
}
