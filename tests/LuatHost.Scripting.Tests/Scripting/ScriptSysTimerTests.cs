using LuatHost.Runtime;
using LuatHost.Runtime.Tests;

namespace LuatHost.Scripting.Tests.Scripting;

public class ScriptSysTimerTests
{
    [Fact]
    public void Starting_a_timer_again_with_the_same_callback_restarts_it_instead_of_adding_one()
    {
        using var loop = new EventLoop();
        var sys = new ScriptSys(loop, new LuatMessageBus(loop));
        var fired = 0;
        long first = 0, second = 0;
        bool firstActiveAfterRestart = true;
        void Tick() => fired++;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            first = sys.TimerStart(Tick, 10);
            second = sys.TimerStart(Tick, 20);
            firstActiveAfterRestart = sys.TimerIsActive(first);
            sys.TimerStart(loop.Stop, 60);
        });
        Assert.NotEqual(first, second);
        Assert.False(firstActiveAfterRestart);
        Assert.Equal(1, fired);
    }

    [Fact]
    public void Loop_timer_keeps_its_id_and_fires_until_stopped_from_its_own_callback()
    {
        using var loop = new EventLoop();
        var sys = new ScriptSys(loop, new LuatMessageBus(loop));
        var fired = 0;
        long id = 0;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            id = sys.TimerLoopStart(() =>
            {
                Assert.True(sys.TimerIsActive(id));
                if (++fired == 3)
                {
                    Assert.True(sys.TimerStop(id));
                    sys.TimerStart(loop.Stop, 30);
                }
            }, 5);
        });
        Assert.Equal(3, fired);
        Assert.False(sys.TimerIsActive(id));
        Assert.True(id >= 0x20000000, "message-timer ids start at 0x20000000 as in lib/sys.lua");
    }

    [Fact]
    public void Timer_stopped_by_callback_does_not_fire()
    {
        using var loop = new EventLoop();
        var sys = new ScriptSys(loop, new LuatMessageBus(loop));
        var fired = false;
        bool stopped = false, stoppedAgain = true;
        void Never() => fired = true;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            sys.TimerStart(Never, 10);
            stopped = sys.TimerStop(Never);
            stoppedAgain = sys.TimerStop(Never);
            sys.TimerStart(loop.Stop, 40);
        });
        Assert.True(stopped);
        Assert.False(stoppedAgain);
        Assert.False(fired);
    }

    [Fact]
    public void Wait_needs_a_positive_time_like_the_lua_assert()
    {
        using var loop = new EventLoop();
        var sys = new ScriptSys(loop, new LuatMessageBus(loop));
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = sys.WaitAsync(0); });
    }
}
