using LuatHost.Aliyun.Signing;
using LuatHost.At;
using LuatHost.Runtime;
using NLog;
using NLog.Config;
using NLog.Targets;

namespace LuatHost.Cli.Logging;

/// <summary>
/// NLog for the whole CLI: the console and a rolling file under `.luathost/logs/`. Script output
/// (Luat print/log lines) always reaches both, exactly as formatted; host loggers (AT trace,
/// transport, cloud) follow `--log-level`, and the file keeps debug detail for later reading.
/// </summary>
public static class HostLogging
{
    /// <summary>The logger Luat and C# script output lines go through.</summary>
    public const string ScriptOutputLogger = "luat.output";

    public const string DefaultLevel = "info";

    public static readonly IReadOnlyList<string> LevelNames = ["trace", "debug", "info", "warn", "error", "off"];

    /// <summary>Default log folder: `.luathost/logs/` under the current directory.</summary>
    public static string DefaultLogDirectory => Path.Combine(Environment.CurrentDirectory, ".luathost", "logs");

    /// <summary>The script output sink (`print`, `log.info` …) for runners.</summary>
    public static Action<string> ScriptOutput
    {
        get
        {
            var logger = LogManager.GetLogger(ScriptOutputLogger);
            return line => logger.Info(line);
        }
    }

    /// <summary>Installs the configuration. <paramref name="level"/> is one of <see cref="LevelNames"/>.</summary>
    public static void Configure(string? level, string? logDirectory = null)
    {
        var minimum = Parse(level);
        var directory = logDirectory ?? DefaultLogDirectory;
        PrepareLogFolder(directory);
        // Every line, script output included, passes the secret mask (DeviceSecret, ProductSecret, iotToken, MQTT
        // password, values the script's secret getters returned) before any target sees it.
        LogManager.Setup().SetupExtensions(extensions =>
            extensions.RegisterLayoutRenderer(RedactedMessage, e => SecretRedactor.Shared.Redact(e.FormattedMessage)));
        var config = new LoggingConfiguration();

        var console = new ConsoleTarget("console") { Layout = "${redacted-message}${onexception:${newline}${exception:format=tostring}}" };
        var hostConsole = new ConsoleTarget("hostConsole")
        {
            Layout = "${level:lowercase=true} ${logger:shortName=true}: ${redacted-message}${onexception: ${exception:format=message}}",
            StdErr = true,
        };
        var file = new FileTarget("file")
        {
            FileName = Path.Combine(directory, "luathost-${shortdate}.log"),
            Layout = "${longdate} ${level:uppercase=true:padding=-5} ${logger} ${redacted-message}${onexception:${newline}${exception:format=tostring}}",
            MaxArchiveFiles = 14,
            KeepFileOpen = true,
        };

        config.AddRule(LogLevel.Info, LogLevel.Fatal, console, ScriptOutputLogger, final: false);
        config.AddRule(LogLevel.Info, LogLevel.Fatal, file, ScriptOutputLogger, final: true);
        if (minimum != LogLevel.Off)
            config.AddRule(minimum, LogLevel.Fatal, hostConsole, "*");
        config.AddRule(minimum.Ordinal < LogLevel.Debug.Ordinal ? minimum : LogLevel.Debug, LogLevel.Fatal, file, "*");
        LogManager.Configuration = config;
    }

    private const string RedactedMessage = "redacted-message";

    /// <summary>
    /// The log folder and today's file are owner-only (0700/0600): lines carry payloads and AT traces. The file is
    /// created here, before NLog opens it for appending, so it never exists with the default mode.
    /// </summary>
    private static void PrepareLogFolder(string directory)
    {
        try
        {
            SecretFile.CreateFolder(directory);
            var today = Path.Combine(directory, $"luathost-{DateTime.Now:yyyy-MM-dd}.log");
            if (!File.Exists(today))
                using (new FileStream(today, SecretFile.OwnerOnlyOptions(FileMode.CreateNew))) { }
            else if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(today, SecretFile.OwnerOnlyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // NLog reports its own trouble with the folder; the run goes on without the file.
        }
    }

    /// <summary>Parses a --log-level value; throws with the accepted names when unknown.</summary>
    public static LogLevel Parse(string? level) => (level ?? DefaultLevel).ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "info" or "information" => LogLevel.Info,
        "warn" or "warning" => LogLevel.Warn,
        "error" => LogLevel.Error,
        "off" or "none" => LogLevel.Off,
        var other => throw new ArgumentException($"unknown log level '{other}'; use one of {string.Join(", ", LevelNames)}"),
    };
}
