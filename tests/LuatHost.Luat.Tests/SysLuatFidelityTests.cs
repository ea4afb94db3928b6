namespace LuatHost.Luat.Tests;

/// <summary>
/// sys against Luat's own lib/sys.lua (openLuat/Luat_4G_RDA_8910, script_LuaTask/lib/sys.lua): the
/// task-timer owner check, errors that end the script, and subscriber dispatch.
/// </summary>
public sealed class SysLuatFidelityTests
{
    private const string Header = LuatProjectHeader.Sys;

    [Fact]
    public void A_task_woken_early_is_not_woken_again_by_its_first_waits_timer()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            local co
            co = sys.taskInit(function()
              sys.wait(150)                 -- ended early by the plain resume below
              print("first wait over")
              print("second wait over", sys.wait(450))
            end)
            sys.timerStart(function() coroutine.resume(co) end, 20)
            sys.timerStart(function() print("300 ms") end, 300)
            sys.timerStart(function() os.exit(0) end, 900)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["first wait over", "300 ms", "second wait over"], project.Lines);
    }

    // Luat's sys.lua checks rtos.timer_start's answer: not 1 → log.debug("rtos.timer_start error"), and sys.wait returns
    // at once with nothing, sys.timerStart returns nil. A time the core cannot arm takes that path, never an overflow or a .NET message.
    [Fact]
    public void A_timer_too_long_for_the_core_fails_the_way_luats_sys_expects()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            LOG_LEVEL = log.LOGLEVEL_TRACE
            print("core", rtos.timer_start(7, 2^62), rtos.timer_start(8, 2^40))
            sys.taskInit(function()
              print("wait", sys.wait(2^40))
              print("start", sys.timerStart(print, 2^40), sys.timerIsActive(print))
              os.exit(0)
            end)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["core\t0\t0", "wait", "start\tnil"], project.Lines.Where(l => !l.StartsWith('[')).ToList());
        Assert.Equal(2, project.Lines.Count(l => l.Contains("rtos.timer_start error", StringComparison.Ordinal)));
    }

    [Fact]
    public void An_error_in_a_timer_callback_prints_the_error_with_traceback_and_restarts_the_script()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            print("boot", rtos.poweron_reason())
            sys.timerStart(function()
              if rtos.poweron_reason() ~= 0 then os.exit(0) end
              local t
              t.x = 1
            end, 10)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(1, result.Restarts);
        Assert.True(project.Lines.Count > 3, string.Join("\n", project.Lines));
        Assert.Equal("boot\t0", project.Lines[0]);
        Assert.Matches(@"^lua: \S*main\.lua:8: attempt to index local 't' \(a nil value\)$", project.Lines[1]);
        Assert.Equal("stack traceback:", project.Lines[2]);
        Assert.Contains(project.Lines, l => l.Contains("main.lua:8:", StringComparison.Ordinal) && l.StartsWith('\t'));
        Assert.Equal("boot\t3", project.Lines[^1]);
    }

    [Fact]
    public void An_error_in_a_subscriber_with_no_restart_ends_the_run_with_a_non_zero_exit()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            sys.subscribe("GO", function() error("subscriber failed") end)
            sys.publish("GO")
            sys.run()
            """, restart: false);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("subscriber failed", result.Error);
        Assert.Matches(@"^lua: \S*main\.lua:4: subscriber failed$", project.Lines[0]);
    }

    [Fact]
    public void An_error_in_a_task_is_logged_and_the_other_tasks_go_on_as_Luat_patch_lua_does()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            sys.taskInit(function() sys.wait(5) error("task failed") end)
            sys.taskInit(function() sys.wait(60) print("other task") os.exit(0) end)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Single(project.Lines, l => l.StartsWith("[E]-[coroutine.resume]", StringComparison.Ordinal) && l.Contains("task failed"));
        Assert.Equal("other task", project.Lines[^1]);
    }

    [Fact]
    public void Subscribers_run_in_subscription_order_and_one_added_during_dispatch_sees_the_next_message()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            local late = function(v) print("late", v) end
            sys.subscribe("M", function(v) print("first", v) sys.subscribe("M", late) end)
            sys.subscribe("M", function(v) print("second", v) end)
            sys.publish("M", 1)
            sys.publish("M", 2)
            sys.timerStart(os.exit, 50, 0)
            sys.run()
            """);
        Assert.Equal(["first\t1", "second\t1", "first\t2", "second\t2", "late\t2"], project.Lines);
    }

    [Fact]
    public void A_subscriber_unsubscribed_during_dispatch_is_skipped_for_that_message()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            local second = function(v) print("second", v) end
            sys.subscribe("M", function(v) print("first", v) sys.unsubscribe("M", second) end)
            sys.subscribe("M", second)
            sys.publish("M", 1)
            sys.timerStart(os.exit, 50, 0)
            sys.run()
            """);
        Assert.Equal(["first\t1"], project.Lines);
    }

    [Fact]
    public void Many_timers_stop_by_callback_and_args_and_many_publishes_keep_their_order()
    {
        using var project = new LuatTestProject();
        project.Run(Header + """
            local function cb(n) print("fired", n) end
            for i = 1, 2000 do sys.timerStart(cb, 100, i) end
            for i = 1, 2000 do if i ~= 1000 then sys.timerStop(cb, i) end end
            print(sys.timerIsActive(cb, 1000), sys.timerIsActive(cb, 5))
            local got = {}
            sys.subscribe("N", function(i) got[#got + 1] = i end)
            sys.subscribe("DONE", function()
              local ordered = #got == 5000
              for i = 1, #got do if got[i] ~= i then ordered = false end end
              print("ordered", ordered)
            end)
            for i = 1, 5000 do sys.publish("N", i) end
            sys.publish("DONE")
            sys.timerStart(os.exit, 300, 0)
            sys.run()
            """);
        Assert.Equal("true", project.Lines[0]);
        Assert.Equal(["fired\t1000", "ordered\ttrue"], project.Lines.Skip(1).Order());
    }
}
