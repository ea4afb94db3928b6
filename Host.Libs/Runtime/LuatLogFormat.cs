using System.Text;

namespace LuatHost.Runtime;

/// <summary>
/// The one formatter of Luat log lines, shared by the Lua `log`/`print` binding and the C# script
/// `log` global: `[I]-[tag]` then each argument after a TAB (lib/log.lua does
/// `print(string.format("[%s]-[%s]", L, tag), ...)` and `print` joins with TAB).
/// </summary>
public static class LuatLogFormat
{
    [ThreadStatic] private static StringBuilder? t_builder;

    /// <summary>The letter lib/log.lua prints for a level: T D I W E F.</summary>
    public static char LevelLetter(LuatLogLevel level) => level switch
    {
        LuatLogLevel.Trace => 'T',
        LuatLogLevel.Debug => 'D',
        LuatLogLevel.Info => 'I',
        LuatLogLevel.Warn => 'W',
        LuatLogLevel.Error => 'E',
        LuatLogLevel.Fatal => 'F',
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Silent is a threshold, not a line level."),
    };

    /// <summary>The threshold when the script sets none (lib/log.lua: a nil LOG_LEVEL means INFO).</summary>
    public const LuatLogLevel DefaultThreshold = LuatLogLevel.Info;

    /// <summary>
    /// lib/log.lua prints nothing when the threshold (global LOG_LEVEL, nil → INFO) is SILENT or above the level.
    /// </summary>
    public static bool IsEnabled(LuatLogLevel level, LuatLogLevel threshold) =>
        threshold != LuatLogLevel.Silent && threshold <= level;

    /// <summary>
    /// Formats one line. A tag that is not a string is printed as empty `[]`, as lib/log.lua drops it;
    /// arguments are converted with Lua's tostring (nil → "nil").
    /// </summary>
    public static string Format(LuatLogLevel level, object? tag, params ReadOnlySpan<object?> args)
    {
        var sb = Rent();
        sb.Append('[').Append(LevelLetter(level)).Append("]-[").Append(tag as string).Append(']');
        foreach (var arg in args) sb.Append('\t').Append(LuaToString.Convert(arg));
        return sb.ToString();
    }

    /// <summary>Lua's `print`: tostring of each argument, joined with TAB.</summary>
    public static string FormatPrint(params ReadOnlySpan<object?> args)
    {
        var sb = Rent();
        for (var i = 0; i < args.Length; i++)
        {
            if (i > 0) sb.Append('\t');
            sb.Append(LuaToString.Convert(args[i]));
        }
        return sb.ToString();
    }

    private static StringBuilder Rent()
    {
        var sb = t_builder ??= new StringBuilder(128);
        sb.Clear();
        return sb;
    }
}
