using LuatHost.Luat;

namespace LuatHost.Luat.Tests;

public sealed class RunLifecycleTests
{
    private const string Header = """
        PROJECT = "TEST"
        VERSION = "1.0.0"
        require "sys"

        """;

    [Fact]
    public void A_task_error_restarts_the_project_when_COROUTINE_ERROR_RESTART_is_set()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            COROUTINE_ERROR_RESTART = true
            if rtos.poweron_reason() == rtos.POWERON_RESTART then print("restarted") os.exit(0) end
            sys.taskInit(function() error("task failed") end)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, result.Restarts);
        Assert.Equal("restarted", project.Lines[^1]);
    }

    [Fact]
    public void No_restart_ends_the_run_when_the_script_asks_for_a_restart()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            print("run")
            sys.restart("because")
            """, restart: false);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(0, result.Restarts);
        Assert.Equal("run", project.Lines[0]);
        Assert.Contains(project.Lines, l => l.Contains("--no-restart", StringComparison.Ordinal));
    }

    [Fact]
    public void The_duration_ends_a_project_that_runs_forever()
    {
        using var project = new LuatTestProject();
        project.File("main.lua", Header + "sys.timerLoopStart(function() end, 10) sys.run()");
        var options = project.Options();
        var result = new LuatProjectRunner(new LuatRunOptions
        {
            ProjectDirectory = options.ProjectDirectory,
            DataDirectory = options.DataDirectory,
            Output = options.Output,
            Duration = TimeSpan.FromMilliseconds(100),
        }).Run();
        Assert.Equal(0, result.ExitCode);
        Assert.Null(result.Error);
    }

    [Fact]
    public async Task Cancellation_ends_a_run_from_another_thread()
    {
        using var project = new LuatTestProject();
        project.File("main.lua", Header + "sys.taskInit(function() sys.wait(10) print('waited') end) sys.run()");
        using var cancel = new CancellationTokenSource();
        var run = new LuatProjectRunner(project.Options()).RunAsync(cancel.Token);
        await Testing.HangGuard.WithinAsync(project.FirstLine, () => "the run printed nothing");
        cancel.Cancel();
        Assert.Equal(0, (await run).ExitCode);
        Assert.Equal(["waited"], project.Lines);
    }

    [Fact]
    public void Ntp_time_sync_publishes_NTP_SUCCEED()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            require "ntp"
            ntp.timeSync(24, function(t, ok) print("cb", ok) end)
            sys.subscribe("NTP_SUCCEED", function() print("ntp") os.exit(0) end)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["cb\ttrue", "ntp"], project.Lines);
    }
}
