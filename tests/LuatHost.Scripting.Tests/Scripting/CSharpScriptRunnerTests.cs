using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace LuatHost.Scripting.Tests.Scripting;

public class CSharpScriptRunnerTests(ScriptWorkspace workspace, ITestOutputHelper output) : IClassFixture<ScriptWorkspace>
{
    [Fact]
    public void Script_using_sys_and_log_prints_exact_luat_lines_in_order()
    {
        var path = workspace.Write("order.csx", """
            log.info("main", "start", 1, true, null);
            sys.Subscribe("PING", args => log.info("sub", args));
            sys.Publish("PING", "a", 2);
            log.debug("hidden", "below INFO");
            log.warn(42, "tagless");
            await sys.WaitAsync(10);
            print("printed", 3.0);
            log.error("main", "end");
            """);

        var run = workspace.Run(path);

        Assert.Equal(ScriptExitCodes.Success, run.ExitCode);
        Assert.Equal("", run.Errors);
        Assert.Equal(
            ["[I]-[main]\tstart\t1\ttrue\tnil", "[W]-[]\ttagless", "[I]-[sub]\ta\t2", "printed\t3", "[E]-[main]\tend"],
            run.Lines);
    }

    [Fact]
    public void WaitUntil_resumes_on_the_loop_thread_with_a_message_published_by_a_timer()
    {
        var path = workspace.Write("wait.csx", """
            var loopThread = Environment.CurrentManagedThreadId;
            sys.TimerStart(() => sys.Publish("IP_READY_IND", "10.0.0.2"), 20);
            var ready = await sys.WaitUntilAsync("IP_READY_IND", 5000);
            log.info("wait", ready.Received, ready.Args[0], Environment.CurrentManagedThreadId == loopThread, Loop.IsOnLoopThread);
            await Task.Run(() => Thread.Sleep(1));
            log.info("after pool hop", Environment.CurrentManagedThreadId == loopThread);
            var never = await sys.WaitUntilAsync("NEVER", 10);
            log.info("timeout", never.Received);
            """);

        var run = workspace.Run(path);

        Assert.Equal(ScriptExitCodes.Success, run.ExitCode);
        Assert.Equal(["[I]-[wait]\ttrue\t10.0.0.2\ttrue\ttrue", "[I]-[after pool hop]\ttrue", "[I]-[timeout]\tfalse"], run.Lines);
    }

    [Fact]
    public void Second_run_of_an_unchanged_script_loads_the_cached_assembly_and_editing_a_loaded_file_recompiles()
    {
        workspace.Write("lib/greeting.csx", """string Greeting() => "hello";""");
        var path = workspace.Write("cached.csx", """
            #load "lib/greeting.csx"
            log.info("cache", Greeting());
            """);

        var cold = workspace.Run(path);
        var warm = workspace.Run(path);
        output.WriteLine($"cold: {cold.Runner.LastPreparation}, warm: {warm.Runner.LastPreparation}");

        Assert.Equal((1, 0), (cold.Runner.Compilations, cold.Runner.CacheHits));
        Assert.Equal((0, 1), (warm.Runner.Compilations, warm.Runner.CacheHits));
        Assert.Equal(["[I]-[cache]\thello"], cold.Lines);
        Assert.Equal(cold.Lines, warm.Lines);

        workspace.Write("lib/greeting.csx", """string Greeting() => "changed";""");
        var edited = workspace.Run(path);
        Assert.Equal(1, edited.Runner.Compilations);
        Assert.Equal(["[I]-[cache]\tchanged"], edited.Lines);
    }

    [Fact]
    public void Compile_error_prints_file_line_col_and_exits_non_zero()
    {
        var path = workspace.Write("broken.csx", """
            log.info("ok", 1);
            undefinedThing();
            """);

        var run = workspace.Run(path);

        Assert.Equal(ScriptExitCodes.CompileError, run.ExitCode);
        Assert.Empty(run.Lines);
        Assert.Matches(new Regex(@"broken\.csx:2:1: error CS0103: The name 'undefinedThing' does not exist"), run.Errors);
    }

    [Fact]
    public void Exception_in_the_script_body_names_the_script_line_and_exits_non_zero()
    {
        var path = workspace.Write("throws.csx", """
            log.info("before", 1);

            throw new InvalidOperationException("boom");
            """);

        var run = workspace.Run(path);

        Assert.Equal(ScriptExitCodes.RuntimeError, run.ExitCode);
        Assert.Equal(["[I]-[before]\t1"], run.Lines);
        Assert.Contains("throws.csx:3: error: InvalidOperationException: boom", run.Errors);
    }

    [Fact]
    public void Exception_in_a_timer_callback_ends_the_run_with_the_callback_line()
    {
        var path = workspace.Write("timer-throws.csx", """
            sys.TimerStart(() =>
                throw new ArgumentException("bad timer"), 5);
            await sys.RunAsync();
            """);

        var run = workspace.Run(path);

        Assert.Equal(ScriptExitCodes.RuntimeError, run.ExitCode);
        Assert.Contains("timer-throws.csx:2: error: ArgumentException: bad timer", run.Errors);
    }

    [Fact]
    public void Script_chooses_its_exit_code_by_return_or_by_sys_Exit_while_running()
    {
        var returns = workspace.Run(workspace.Write("returns.csx", "return 7;"));
        var exits = workspace.Run(workspace.Write("exits.csx", """
            sys.TimerLoopStart(() => log.info("tick"), 5);
            sys.TimerStart(() => sys.Exit(3), 30);
            await sys.RunAsync();
            log.info("never printed");
            """));

        Assert.Equal(7, returns.ExitCode);
        Assert.Equal(3, exits.ExitCode);
        Assert.DoesNotContain("[I]-[never printed]", exits.Lines);
        Assert.Contains("[I]-[tick]", exits.Lines);
    }

    [Fact]
    public void Missing_script_file_is_one_error_line_and_a_non_zero_exit()
    {
        var run = workspace.Run(Path.Combine(workspace.Root, "nope.csx"));

        Assert.Equal(ScriptExitCodes.ScriptNotFound, run.ExitCode);
        Assert.Contains("nope.csx: error: cannot read the script", run.Errors);
    }
}
