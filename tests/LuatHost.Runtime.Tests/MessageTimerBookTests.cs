using LuatHost.Runtime;

namespace LuatHost.Runtime.Tests;

/// <summary>
/// The parts of the message-timer rule no script can reach in a test's time: the id wrap after 0x7FFFFFFF and the
/// period floor. Expected values from openLuat Luat_4G_RDA_8910, script_LuaTask/lib/sys.lua (timerStart: `if msgId
/// >= MSG_TIMER_ID_MAX then msgId = TASK_TIMER_ID_MAX end; msgId = msgId + 1`, skipping ids still in timerPool;
/// `if ms < 5 then ms = 5 end`). The rest of the rule runs through both faces in MessageTimerFacesTests (EndToEnd).
/// </summary>
public sealed class MessageTimerBookTests
{
    [Fact]
    public void Ids_run_up_to_0x7FFFFFFF_then_start_again_at_0x20000000_skipping_ids_still_live()
    {
        using var loop = new EventLoop();
        var book = new MessageTimerBook(new LoopClock(loop));
        var live = book.Start(Callback("live"), [], 1000, repeats: false).Id;
        book.LastIssuedId = 0x7FFFFFFE;

        var last = book.Start(Callback("last"), [], 1000, repeats: false).Id;
        var wrapped = book.Start(Callback("wrapped"), [], 1000, repeats: false).Id;

        Assert.Equal(0x20000000, live);
        Assert.Equal(0x7FFFFFFF, last);
        Assert.Equal(0x20000001, wrapped);
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(4.9, 5)]
    [InlineData(5, 5)]
    [InlineData(20.7, 20)] // rtos.timer_start takes an integer: 5.1's lua_tointeger truncates
    public void A_period_below_5_ms_runs_as_5_ms(double milliseconds, double expected)
    {
        Assert.True(MessageTimerBook.TryPeriod(milliseconds, out var period));
        Assert.Equal(TimeSpan.FromMilliseconds(expected), period);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    [InlineData(1e12)]
    public void A_period_that_is_not_above_zero_or_too_long_is_refused_with_one_line(double milliseconds)
    {
        using var loop = new EventLoop();
        var book = new MessageTimerBook(new LoopClock(loop));
        var refused = Assert.Throws<ArgumentOutOfRangeException>(() => book.Start(Callback("x"), [], milliseconds, repeats: false));
        Assert.StartsWith("sys.timerStart needs ms > 0", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, book.Count);
    }

    private static TimerMatchValue Callback(string name) => TimerMatchValue.Object(name);

    // Arms real event-loop timers; these tests never run the loop, so none fires.
    private sealed class LoopClock(EventLoop loop) : IMessageTimerClock
    {
        public long Arm(long id, TimeSpan period) => loop.StartTimer(period, () => { });

        public void Disarm(long id, long handle) => loop.StopTimer(handle);

        public void Forgotten(MessageTimer timer)
        {
        }
    }
}
