using LuatHost.Luat.Loop;

namespace LuatHost.Luat.Tests;

/// <summary>
/// Every run is bounded: --for, a cancellation (Ctrl+C/SIGTERM in the CLI) and --max-memory end
/// scripts that never yield, and a pcall cannot swallow the ending. Each test waits at most a safety
/// budget for the run and fails (instead of hanging) when the run does not end.
/// </summary>
public sealed class RunBoundsTests
{
    private static readonly TimeSpan SafetyBudget = TimeSpan.FromSeconds(60);

    private const string Header = """
        PROJECT = "TEST"
        VERSION = "1.0.0"
        require "sys"

        """;

    private static LuatRunResult RunBounded(LuatTestProject project, string main, Func<LuatRunOptions, LuatRunOptions>? adjust = null,
        CancellationToken cancel = default)
    {
        project.File("main.lua", main);
        var options = project.Options(duration: TimeSpan.FromMilliseconds(500));
        options = adjust?.Invoke(options) ?? options;
        var run = new LuatProjectRunner(options).RunAsync(cancel);
        Assert.True(run.Wait(SafetyBudget), "the run did not end");
        return run.Result;
    }

    [Fact]
    public void A_main_chunk_that_never_yields_ends_when_the_duration_elapses()
    {
        using var project = new LuatTestProject();
        var result = RunBounded(project, "while true do end");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(LuatProjectRunner.DurationElapsed, result.StopDetail);
    }

    [Fact]
    public void A_task_that_never_yields_ends_when_the_duration_elapses()
    {
        using var project = new LuatTestProject();
        var result = RunBounded(project, Header + """
            sys.taskInit(function() local n = 0 while true do n = n + 1 end end)
            sys.run()
            """);
        Assert.Equal(LuatProjectRunner.DurationElapsed, result.StopDetail);
    }

    [Fact]
    public void Pcall_and_coroutine_wrap_cannot_swallow_the_ending()
    {
        using var project = new LuatTestProject();
        var result = RunBounded(project, """
            local spin = coroutine.wrap(function() while true do end end)
            while true do
              pcall(function() while true do end end)
              xpcall(function() while true do end end, function(e) return e end)
              pcall(spin)
            end
            """);
        Assert.Equal(LuatProjectRunner.DurationElapsed, result.StopDetail);
    }

    [Fact]
    public void Lua_runs_without_a_hook_until_the_run_must_end()
    {
        // An active hook sends Lua 5.4 down its slow path on every instruction; the watchdog's hook is
        // switched on only to stop the run (debug.gethook answers nil for a thread without one).
        using var project = new LuatTestProject();
        var result = project.Run("""
            print("main", debug.gethook())
            local co = coroutine.create(function() print("task", debug.gethook()) end)
            coroutine.resume(co)
            coroutine.wrap(function() print("wrap", debug.gethook()) end)()
            """, unsafeMode: true, restart: false);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["main\tnil", "task\tnil", "wrap\tnil"], project.Lines);
    }

    [Fact]
    public void A_cancelled_run_ends_even_when_the_script_never_yields()
    {
        using var project = new LuatTestProject();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var result = RunBounded(project, "while true do end", o => WithDuration(o, null), cancel.Token);
        Assert.Equal(LuatProjectRunner.Interrupted, result.StopDetail);
    }

    [Fact]
    public void A_script_that_keeps_allocating_is_stopped_by_the_memory_ceiling()
    {
        using var project = new LuatTestProject();
        var diagnostics = new List<string>();
        var result = RunBounded(project, Header + """
            sys.taskInit(function()
              local keep = {}
              while true do keep[#keep + 1] = string.rep("x", 1024 * 1024) .. #keep end
            end)
            sys.run()
            """, o => Watched(o, diagnostics, maxMemoryBytes: 64L * 1024 * 1024));
        Assert.True(result.ExitCode == 1, string.Join("\n", project.Lines.Take(10)));
        Assert.Contains("more than 64 MB of Lua memory (--max-memory 64MB)", result.Error);
    }

    [Fact]
    public void A_script_that_does_not_yield_gets_the_watchdog_warning()
    {
        using var project = new LuatTestProject();
        var diagnostics = new List<string>();
        // A second of wall time by rtos.tick (16 per ms): os.clock is the process's CPU time, which the
        // test runner's other threads advance several times faster than the wall clock under load.
        var result = RunBounded(project, "local t = rtos.tick() while rtos.tick() - t < 16000 do end os.exit(0)",
            o => Watched(o, diagnostics, noYieldWarning: TimeSpan.FromMilliseconds(200)));
        Assert.Equal(0, result.ExitCode);
        var warning = Assert.Single(diagnostics);
        Assert.StartsWith("warning: the script has not yielded for 0.2 s", warning);
    }

    // The run (1.5 s of waits) is three times the warning's threshold, which is itself far above any one pass
    // of the loop, so a loaded machine's scheduling stall cannot pass for a busy script.
    [Fact]
    public void A_yielding_script_gets_no_watchdog_warning()
    {
        using var project = new LuatTestProject();
        var diagnostics = new List<string>();
        var result = RunBounded(project, Header + """
            sys.taskInit(function() for i = 1, 30 do sys.wait(50) end os.exit(0) end)
            sys.run()
            """, o => Watched(o, diagnostics, noYieldWarning: TimeSpan.FromMilliseconds(500)));
        Assert.Equal(0, result.ExitCode);
        Assert.Empty(diagnostics);
    }

    private static LuatRunOptions WithDuration(LuatRunOptions o, TimeSpan? duration) => new()
    {
        ProjectDirectory = o.ProjectDirectory,
        DataDirectory = o.DataDirectory,
        Output = o.Output,
        Duration = duration,
    };

    // Diagnostics collected, a 30 s safety net, and the limits under test.
    private static LuatRunOptions Watched(LuatRunOptions o, List<string> diagnostics, long? maxMemoryBytes = null, TimeSpan? noYieldWarning = null) => new()
    {
        ProjectDirectory = o.ProjectDirectory,
        DataDirectory = o.DataDirectory,
        Output = o.Output,
        Diagnostics = line => { lock (diagnostics) diagnostics.Add(line); },
        MaxMemoryBytes = maxMemoryBytes ?? LuatRunOptions.DefaultMaxMemoryBytes,
        NoYieldWarning = noYieldWarning ?? TimeSpan.FromSeconds(10),
        Duration = TimeSpan.FromSeconds(30),
    };
}
