namespace LuatHost.Luat.Tests;

public sealed class SysSchedulerTests
{
    private const string Header = """
        PROJECT = "TEST"
        VERSION = "1.0.0"
        require "sys"

        """;

    [Fact]
    public void TaskInit_resumes_the_task_at_once_before_returning()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            sys.taskInit(function() print("in task") end)
            print("after taskInit")
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["in task", "after taskInit"], project.Lines);
    }

    [Fact]
    public void Publish_is_queued_and_delivered_in_order_by_the_run_loop()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            sys.subscribe("A", function(v) print("A", v) end)
            sys.subscribe("B", function(v) print("B", v) if v == 2 then os.exit(0) end end)
            sys.publish("A", 1)
            sys.publish("B", 1)
            sys.publish("A", 2)
            sys.publish("B", 2)
            print("published")
            sys.run()
            """);
        Assert.Equal(["published", "A\t1", "B\t1", "A\t2", "B\t2"], project.Lines);
    }

    [Fact]
    public void Coroutine_subscribers_are_resumed_with_the_message_id_first()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            local co = coroutine.create(function()
              while true do
                print(coroutine.yield())
                os.exit(0)
              end
            end)
            coroutine.resume(co)
            sys.subscribe("EVT", co)
            sys.publish("EVT", "x", 7)
            sys.run()
            """);
        Assert.Equal(["EVT\tx\t7"], project.Lines);
    }

    [Fact]
    public void WaitUntil_returns_true_and_args_on_the_message_and_false_on_timeout()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            sys.taskInit(function()
              print("timeout", sys.waitUntil("NEVER", 20))
              sys.timerStart(sys.publish, 10, "LATER", "v")
              print("message", sys.waitUntil("LATER", 5000))
              print("ext", sys.waitUntilExt("NEVER", 10))
              os.exit(0)
            end)
            sys.run()
            """);
        Assert.Equal(["timeout\tfalse", "message\ttrue\tv", "ext\tfalse"], project.Lines);
    }

    [Fact]
    public void WaitUntilExt_returns_the_message_id_then_its_args()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            sys.taskInit(function()
              sys.timerStart(sys.publish, 10, "LATER", "v", 3)
              print(sys.waitUntilExt("LATER", 5000))
              os.exit(0)
            end)
            sys.run()
            """);
        Assert.Equal(["LATER\tv\t3"], project.Lines);
    }

    [Fact]
    public void TimerIsActive_by_id_returns_the_callback_and_by_function_true_and_stopAll_clears_every_one()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            local function tick() end
            local a = sys.timerStart(tick, 1000, "a")
            sys.timerStart(tick, 1000, "b")
            print(sys.timerIsActive(a) == tick, sys.timerIsActive(tick, "b"), sys.timerIsActive(tick, "c"), sys.timerIsActive(tick))
            sys.timerStopAll(tick)
            print(sys.timerIsActive(a), sys.timerIsActive(tick, "a"), sys.timerIsActive(tick, "b"))
            os.exit(0)
            """);
        // The function form falls off the end (no value) when nothing matches, so print drops a last one.
        Assert.Equal(["true\ttrue\tnil", "nil\tnil"], project.Lines);
    }

    [Fact]
    public void Waiting_outside_a_task_fails_at_once_and_leaves_nothing_armed()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            print(pcall(sys.wait, 10))
            print(pcall(sys.waitUntil, "X", 10))
            print(pcall(sys.waitUntilExt, "X"))
            sys.publish("X")
            sys.timerStart(os.exit, 50, 0)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        // No later "[E]-[coroutine.resume] cannot resume non-suspended coroutine" from a stale timer or subscription.
        Assert.Equal(
        [
            "false\tsys.wait can only be called inside a task (start one with sys.taskInit)",
            "false\tsys.waitUntil can only be called inside a task (start one with sys.taskInit)",
            "false\tsys.waitUntilExt can only be called inside a task (start one with sys.taskInit)",
        ], project.Lines);
    }

    [Fact]
    public void TimerStart_with_the_same_function_and_args_rearms_one_timer()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            local function tick(tag) print("fired", tag) end
            local a1 = sys.timerStart(tick, 30, "a")
            local a2 = sys.timerStart(tick, 30, "a")
            local b = sys.timerStart(tick, 30, "b")
            print(a1 ~= a2, sys.timerIsActive(a1), sys.timerIsActive(tick, "a"), sys.timerIsActive(tick, "c"))
            sys.timerStart(function() os.exit(0) end, 200)
            sys.run()
            """);
        Assert.Equal("true\tnil\ttrue", project.Lines[0]); // the last call returns no value, as in Luat
        Assert.Equal(1, project.Lines.Count(l => l == "fired\ta"));
        Assert.Equal(1, project.Lines.Count(l => l == "fired\tb"));
    }

    [Fact]
    public void TimerStop_by_function_and_args_cancels_only_the_matching_timer()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            local function tick(tag) print("fired", tag) end
            sys.timerStart(tick, 20, "a")
            sys.timerStart(tick, 20, "b")
            sys.timerStop(tick, "a")
            sys.timerStart(function() os.exit(0) end, 150)
            sys.run()
            """);
        Assert.Equal(["fired\tb"], project.Lines);
    }

    [Fact]
    public void TimerLoopStart_repeats_until_stopped()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            local n = 0
            local id
            id = sys.timerLoopStart(function()
              n = n + 1
              print("loop", n)
              if n == 3 then sys.timerStop(id) sys.timerStart(function() os.exit(0) end, 50) end
            end, 5)
            sys.run()
            """);
        Assert.Equal(["loop\t1", "loop\t2", "loop\t3"], project.Lines);
    }

    [Fact]
    public void A_task_error_is_logged_with_its_traceback_and_the_loop_goes_on()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            sys.taskInit(function() sys.wait(5) error("boom") end)
            sys.taskInit(function() sys.wait(50) print("still running") os.exit(0) end)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        var error = Assert.Single(project.Lines, l => l.StartsWith("[E]-[coroutine.resume]", StringComparison.Ordinal));
        Assert.Contains("boom", error);
        Assert.Contains("stack traceback", error);
        Assert.Equal("still running", project.Lines[^1]);
    }

    [Fact]
    public void Init_asserts_PROJECT_and_VERSION()
    {
        using var project = new LuatTestProject();
        var result = project.Run("""
            require "sys"
            sys.init(0, 0)
            """);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Undefine PROJECT or VERSION", result.Error);
    }

    [Fact]
    public void Restart_runs_the_project_again_from_a_fresh_state()
    {
        using var project = new LuatTestProject();
        project.File("count.txt", "");
        var result = project.Run(Header + """
            local reason = rtos.poweron_reason()
            print("power on", reason == rtos.POWERON_RESTART, marker)
            marker = "set"
            if reason ~= rtos.POWERON_RESTART then sys.restart("test") end
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, result.Restarts);
        Assert.Equal(["power on\tfalse\tnil", "power on\ttrue\tnil"], project.Lines.Where(l => l.StartsWith("power", StringComparison.Ordinal)));
    }
}
