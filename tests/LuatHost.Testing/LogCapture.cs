using System.Collections.Concurrent;
using NLog;
using NLog.Config;
using NLog.Targets;

namespace LuatHost.Testing;

/// <summary>
/// Every NLog line of the test process at Trace level (the AT trace "LuatHost.At.Trace", the virtual module, the
/// cloud, the Aliyun client), kept in memory so a test can prove no secret ever reached a log.
/// </summary>
public static class LogCapture
{
    private static readonly ConcurrentQueue<string> Captured = new();
    private static readonly Lock Gate = new();
    private static bool _installed;

    public static void Install()
    {
        lock (Gate)
        {
            if (_installed)
            {
                return;
            }
            var config = new LoggingConfiguration();
            config.AddRule(LogLevel.Trace, LogLevel.Fatal, new CaptureTarget(), "*");
            LogManager.Configuration = config;
            _installed = true;
        }
    }

    public static IReadOnlyList<string> Lines => [.. Captured];

    [Target("e2e-capture")]
    private sealed class CaptureTarget : TargetWithLayout
    {
        public CaptureTarget()
        {
            Layout = "${logger} ${message}${onexception: ${exception:format=message}}";
        }

        protected override void Write(LogEventInfo logEvent) => Captured.Enqueue(RenderLogEvent(Layout, logEvent));
    }
}
