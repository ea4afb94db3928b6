using KeraLua;
using LuatHost.Luat.Binding;
using LuatHost.Runtime;

namespace LuatHost.Luat.Modules;

/// <summary>
/// log (lib/log.lua): `log.info(tag, ...)` prints `[I]-[tag]` and the arguments joined by TAB,
/// when the global LOG_LEVEL (read at every call; nil = INFO) allows it. A non-string tag prints
/// as `[]`. Lines are formatted by the same LuatLogFormat the C# script `log` uses.
/// </summary>
public static class LogModule
{
    public static LuatLibrary Library { get; } = new("log", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        lib.Constant("LOG_SILENT", (long)LuatLogLevel.Silent)
            .Constant("LOGLEVEL_TRACE", (long)LuatLogLevel.Trace)
            .Constant("LOGLEVEL_DEBUG", (long)LuatLogLevel.Debug)
            .Constant("LOGLEVEL_INFO", (long)LuatLogLevel.Info)
            .Constant("LOGLEVEL_WARN", (long)LuatLogLevel.Warn)
            .Constant("LOGLEVEL_ERROR", (long)LuatLogLevel.Error)
            .Constant("LOGLEVEL_FATAL", (long)LuatLogLevel.Fatal);
        var context = lib.Context;
        foreach (var (name, level) in new[]
                 {
                     ("trace", LuatLogLevel.Trace), ("debug", LuatLogLevel.Debug), ("info", LuatLogLevel.Info),
                     ("warn", LuatLogLevel.Warn), ("error", LuatLogLevel.Error), ("fatal", LuatLogLevel.Fatal),
                 })
        {
            lib.Function(name, lua => Write(context, lua, level));
        }
        lib.Function("openTrace", lua =>
        {
            context.HardwareCalls.Record("log.openTrace");
            return 0;
        });
    }

    private static int Write(LuatContext context, KeraLua.Lua lua, LuatLogLevel level)
    {
        if (!LuatLogFormat.IsEnabled(level, Threshold(lua))) return 0;
        var count = lua.GetTop();
        var tag = lua.Type(1) == LuaType.String ? LuaValues.ToFormattable(lua, 1, context.ConsoleEncoding) : null;
        var args = count <= 1 ? [] : new object?[count - 1];
        for (var i = 2; i <= count; i++) args[i - 2] = LuaValues.ToFormattable(lua, i, context.ConsoleEncoding);
        context.WriteLine(LuatLogFormat.Format(level, tag, args));
        return 0;
    }

    private static LuatLogLevel Threshold(KeraLua.Lua lua)
    {
        lua.GetGlobalRaw("LOG_LEVEL");
        var threshold = lua.IsNumber(-1) ? (LuatLogLevel)lua.ToInteger(-1) : LuatLogFormat.DefaultThreshold;
        lua.Pop(1);
        return threshold;
    }
}
