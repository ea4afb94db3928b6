using LuatHost.Runtime;
using NLog;

namespace LuatHost.Scripting;

/// <summary>
/// The `log` global: Luat's lib/log.lua for C# scripts. Lines have the exact Luat format
/// (<see cref="LuatLogFormat"/>) and go through the NLog logger "LuatHost.Script".
/// Lower-case names on purpose, so Lua code ports line for line.
/// </summary>
public sealed class ScriptLog
{
    public const string LoggerName = "LuatHost.Script";

    private readonly Logger _logger;
    private readonly Action<string>? _output;

    public ScriptLog(Logger? logger = null)
    {
        _logger = logger ?? LogManager.GetLogger(LoggerName);
    }

    /// <summary>
    /// Every printed line goes to <paramref name="output"/> as is, whatever its Luat level (LOG_LEVEL already
    /// filtered it): the CLI's script output sink, the same one Lua's print/log use.
    /// </summary>
    public ScriptLog(Action<string> output)
        : this((Logger?)null)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
    }

    /// <summary>Luat's global LOG_LEVEL: lines below it are not printed (default INFO, as when LOG_LEVEL is nil).</summary>
    public LuatLogLevel Level { get; set; } = LuatLogFormat.DefaultThreshold;

#pragma warning disable IDE1006 // Luat names
    public void trace(object? tag, params object?[] args) => Write(LuatLogLevel.Trace, tag, args);
    public void debug(object? tag, params object?[] args) => Write(LuatLogLevel.Debug, tag, args);
    public void info(object? tag, params object?[] args) => Write(LuatLogLevel.Info, tag, args);
    public void warn(object? tag, params object?[] args) => Write(LuatLogLevel.Warn, tag, args);
    public void error(object? tag, params object?[] args) => Write(LuatLogLevel.Error, tag, args);
    public void fatal(object? tag, params object?[] args) => Write(LuatLogLevel.Fatal, tag, args);
#pragma warning restore IDE1006

    /// <summary>Lua's `print`: arguments joined by TAB, logged at Info.</summary>
    public void Print(object?[] args) => Emit(LogLevel.Info, LuatLogFormat.FormatPrint(args ?? [null]));

    private void Write(LuatLogLevel level, object? tag, object?[]? args)
    {
        if (!LuatLogFormat.IsEnabled(level, Level)) return;
        // A C# null passed alone arrives as a null array; Lua's log.info(tag, nil) prints "nil".
        Emit(ToNLog(level), LuatLogFormat.Format(level, tag, args ?? [null]));
    }

    private void Emit(LogLevel level, string line)
    {
        if (_output is not null)
        {
            _output(line);
            return;
        }
        if (!_logger.IsEnabled(level)) return;
        // A pre-formatted message without parameters: NLog must not treat braces as a template.
        _logger.Log(new LogEventInfo(level, _logger.Name, line));
    }

    private static LogLevel ToNLog(LuatLogLevel level) => level switch
    {
        LuatLogLevel.Trace => LogLevel.Trace,
        LuatLogLevel.Debug => LogLevel.Debug,
        LuatLogLevel.Info => LogLevel.Info,
        LuatLogLevel.Warn => LogLevel.Warn,
        LuatLogLevel.Error => LogLevel.Error,
        _ => LogLevel.Fatal,
    };
}
