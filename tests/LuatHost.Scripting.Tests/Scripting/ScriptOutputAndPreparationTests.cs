using LuatHost.Runtime;

namespace LuatHost.Scripting.Tests.Scripting;

/// <summary>The host-facing seams: the output sink the CLI uses, and compiling apart from running.</summary>
public class ScriptOutputAndPreparationTests(ScriptWorkspace workspace) : IClassFixture<ScriptWorkspace>
{
    [Fact]
    public async Task Output_sink_gets_every_line_LOG_LEVEL_lets_through_whatever_its_level()
    {
        var path = workspace.Write("sink.csx", """
            log.Level = LuatLogLevel.Trace;
            log.trace("t", 1);
            log.debug("d", 2);
            log.error("e", 3);
            print("p", 4);
            """);
        var lines = new List<string>();
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, lines.Add);
        var options = new ScriptRunOptions { CacheDirectory = workspace.CacheDirectory, ErrorOutput = new StringWriter() };

        var exitCode = await new CSharpScriptRunner().RunAsync(path, options, globals, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ScriptExitCodes.Success, exitCode);
        Assert.Equal(["[T]-[t]\t1", "[D]-[d]\t2", "[E]-[e]\t3", "p\t4"], lines);
    }

    [Fact]
    public async Task PrepareAsync_reports_compile_errors_without_running_and_a_prepared_script_runs_later()
    {
        var broken = workspace.Write("prepare-broken.csx", "log.info(\"x\", missing);");
        var good = workspace.Write("prepare-good.csx", "log.info(\"prepared\", 1);");
        var errors = new StringWriter();
        var options = new ScriptRunOptions { CacheDirectory = workspace.CacheDirectory, ErrorOutput = errors };
        var runner = new CSharpScriptRunner();

        var failed = await runner.PrepareAsync(broken, options, CancellationToken.None);
        var prepared = await runner.PrepareAsync(good, options, CancellationToken.None);
        Assert.Equal((ScriptExitCodes.CompileError, null), (failed.ExitCode, failed.Script));
        Assert.Contains("prepare-broken.csx:1:15: error CS0103: The name 'missing' does not exist", errors.ToString());
        Assert.NotNull(prepared.Script);

        var lines = new List<string>();
        using var loop = new EventLoop();
        var exitCode = await runner.RunAsync(prepared.Script, new ScriptGlobals(loop, lines.Add), errors, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ScriptExitCodes.Success, exitCode);
        Assert.Equal(["[I]-[prepared]\t1"], lines);
    }
}
