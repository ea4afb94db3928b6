using System.Text.RegularExpressions;
using LuatHost.Cli.Commands;
using LuatHost.EndToEnd.Tests.Support;
using LuatHost.Scripting;

namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>`luathost run flow.csx` as the CLI runs it: the in-process rig from the script's folder, or a compile error.</summary>
public sealed class CSharpRunCommandTests
{
    public CSharpRunCommandTests() => LogCapture.Install();

    [Fact]
    public async Task Demo_flow_csx_connects_gets_the_qos1_callback_and_logs_the_message_the_cloud_script_sends()
    {
        using var folder = new ScriptFolder();
        var output = new OutputLines();
        var errors = new StringWriter();
        using var stop = new CancellationTokenSource();
        var request = new CSharpRunRequest(RepositoryPaths.Resolve("demo/aliyun-csharp/flow.csx"))
        {
            Output = output.Add,
            Errors = TextWriter.Synchronized(errors),
            CacheDirectory = folder.CacheDirectory,
        };
        var run = RunCSharpScript.RunAsync(request, stop.Token);
        try
        {
            await output.WaitForLineAsync(errors.ToString, "[I]-[testALiYun.connectCbFnc]\ttrue");
            await output.WaitForLineAsync(errors.ToString, "[I]-[testALiYun.publishTestCb]\ttrue\tpublishTest_1");
            await output.WaitForLineAsync(errors.ToString, "[I]-[testALiYun.rcvCbFnc]\t/a1mxL3s6Z7m/866714043075174/get\t1\thello from the local cloud");
        }
        finally
        {
            await stop.CancelAsync();
        }
        Assert.Equal(ScriptExitCodes.Cancelled, await run.WaitAsync(OutputLines.HangGuard));
        Assert.DoesNotContain(output.Lines, l => l.Contains("iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Compile_error_prints_file_line_col_and_exits_non_zero_before_any_module_is_opened()
    {
        using var folder = new ScriptFolder().File("broken.csx", """
            log.info("fine", 1);
            aLiYun.publish(42, "payload");
            """);
        var errors = new StringWriter();
        var lines = new OutputLines();
        var request = new CSharpRunRequest(folder.PathOf("broken.csx"))
        {
            Output = lines.Add,
            Errors = errors,
            CacheDirectory = folder.CacheDirectory,
            // A port that cannot open: reaching it would be exit 3, so exit 2 proves compiling came first.
            Port = "tcp://127.0.0.1:1",
        };

        var exitCode = await RunCSharpScript.RunAsync(request, CancellationToken.None).WaitAsync(OutputLines.HangGuard);

        Assert.Equal(ScriptExitCodes.CompileError, exitCode);
        Assert.Matches(new Regex(@"broken\.csx:2:16: error CS1503: Argument 1: cannot convert from 'int' to 'string'"), errors.ToString());
        Assert.Empty(lines.Lines);
    }
}
