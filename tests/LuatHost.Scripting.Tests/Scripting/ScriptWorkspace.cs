using LuatHost.Runtime;
using NLog;
using NLog.Targets;

namespace LuatHost.Scripting.Tests.Scripting;

/// <summary>
/// A temp folder for .csx files plus a cache folder, shared by the script tests of one class so
/// compiled scripts and the warmed-up compiler are reused.
/// </summary>
public sealed class ScriptWorkspace : IDisposable
{
    private readonly Testing.TemporaryFolder _folder = new("luathost-csx-tests");

    public string Root => _folder.Root;

    public string CacheDirectory => _folder.PathOf("cache");

    public string Write(string relativePath, string code) => _folder.Write(relativePath, code);

    public ScriptRun Run(string scriptPath, CSharpScriptRunner? runner = null)
    {
        runner ??= new CSharpScriptRunner();
        var lines = new MemoryTarget { Layout = "${message}" };
        var logs = new LogFactory();
        logs.Setup().LoadConfiguration(c => c.ForLogger().FilterMinLevel(NLog.LogLevel.Trace).WriteTo(lines));
        var errors = new StringWriter();
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, scriptLogger: logs.GetLogger(ScriptLog.LoggerName));
        using var hangGuard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var options = new ScriptRunOptions { CacheDirectory = CacheDirectory, ErrorOutput = errors };

        var exitCode = runner.RunAsync(scriptPath, options, globals, hangGuard.Token).GetAwaiter().GetResult();
        Assert.False(hangGuard.IsCancellationRequested, "the script run hung");
        logs.Flush();
        return new ScriptRun(exitCode, [.. lines.Logs], errors.ToString(), runner);
    }

    public void Dispose() => _folder.Dispose();
}

public sealed record ScriptRun(int ExitCode, IReadOnlyList<string> Lines, string Errors, CSharpScriptRunner Runner);
