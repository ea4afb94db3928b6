using System.Diagnostics;
using LuatHost.Runtime;

namespace LuatHost.Runtime.Tests;

public class EventLoopTests
{
    [Fact]
    public void Posted_work_runs_in_post_order()
    {
        using var loop = new EventLoop();
        var seen = new List<int>();
        LoopHarness.RunUntilStopped(loop, () =>
        {
            for (var i = 0; i < 100; i++) loop.Post(n => seen.Add(n), i);
            loop.Post(loop.Stop);
        });
        Assert.Equal(Enumerable.Range(0, 100), seen);
    }

    [Fact]
    public void Timers_fire_earlier_due_first_and_equal_due_in_start_order()
    {
        using var loop = new EventLoop();
        var fired = new List<string>();
        LoopHarness.RunUntilStopped(loop, () =>
        {
            loop.StartTimer(TimeSpan.FromMilliseconds(60), () => { fired.Add("60"); loop.Stop(); });
            loop.StartTimer(TimeSpan.FromMilliseconds(30), () => fired.Add("30a"));
            loop.StartTimer(TimeSpan.FromMilliseconds(10), () => fired.Add("10"));
            // Same due instant: only the start order may decide.
            var sameDue = TimeSpan.FromMilliseconds(40);
            loop.StartTimer(sameDue, () => fired.Add("40a"));
            loop.StartTimer(sameDue, () => fired.Add("40b"));
            loop.StartTimer(TimeSpan.FromMilliseconds(30), () => fired.Add("30b"));
        });
        Assert.Equal(["10", "30a", "30b", "40a", "40b", "60"], fired);
    }

    [Fact]
    public void Timer_shorter_than_5ms_is_raised_to_5ms()
    {
        using var loop = new EventLoop();
        var fired = new List<string>();
        TimeSpan zeroTimerElapsed = default;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            // Both are raised to 5 ms, so the 4 ms timer started first must fire first.
            loop.StartTimer(TimeSpan.FromMilliseconds(4), () => fired.Add("4ms"));
            var started = Stopwatch.GetTimestamp();
            loop.StartTimer(TimeSpan.Zero, () =>
            {
                zeroTimerElapsed = Stopwatch.GetElapsedTime(started);
                fired.Add("0ms");
                loop.Stop();
            });
        });
        Assert.Equal(["4ms", "0ms"], fired);
        Assert.True(zeroTimerElapsed >= EventLoop.MinimumTimerDue, $"fired after {zeroTimerElapsed}");
    }

    [Fact]
    public void Stopped_timer_never_fires_and_cannot_be_stopped_twice()
    {
        using var loop = new EventLoop();
        var fired = new List<string>();
        bool firstStop = false, secondStop = true;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            var id = loop.StartTimer(TimeSpan.FromMilliseconds(10), () => fired.Add("stopped"));
            Assert.True(id > 0);
            firstStop = loop.StopTimer(id);
            secondStop = loop.StopTimer(id);
            loop.StartTimer(TimeSpan.FromMilliseconds(30), () => { fired.Add("later"); loop.Stop(); });
        });
        Assert.True(firstStop);
        Assert.False(secondStop);
        Assert.Equal(["later"], fired);
    }

    [Fact]
    public void Restarting_a_timer_many_times_keeps_order_and_fires_only_the_live_ones()
    {
        using var loop = new EventLoop();
        var fired = new List<int>();
        LoopHarness.RunUntilStopped(loop, () =>
        {
            // Like a watchdog re-armed over and over: many stopped entries, a few live ones.
            for (var i = 0; i < 500; i++)
            {
                var id = loop.StartTimer(TimeSpan.FromMilliseconds(1000 + i), () => fired.Add(-1));
                loop.StopTimer(id);
            }
            for (var i = 3; i >= 1; i--)
            {
                var n = i;
                loop.StartTimer(TimeSpan.FromMilliseconds(10 * n), () => fired.Add(n));
            }
            loop.StartTimer(TimeSpan.FromMilliseconds(50), loop.Stop);
        });
        Assert.Equal([1, 2, 3], fired);
    }

    [Fact]
    public void Work_posted_from_other_threads_runs_on_the_loop_thread_in_each_threads_order()
    {
        using var loop = new EventLoop();
        const int threads = 4, perThread = 500;
        var seen = new List<(int Thread, int Seq)>();
        var offLoop = 0;
        var loopThreadId = 0;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            loopThreadId = Environment.CurrentManagedThreadId;
            var remaining = threads * perThread;
            for (var t = 0; t < threads; t++)
            {
                var thread = t;
                new Thread(() =>
                {
                    for (var i = 0; i < perThread; i++)
                    {
                        var seq = i;
                        loop.Post(() =>
                        {
                            if (!loop.IsOnLoopThread || Environment.CurrentManagedThreadId != loopThreadId) offLoop++;
                            seen.Add((thread, seq));
                            if (--remaining == 0) loop.Stop();
                        });
                    }
                }) { IsBackground = true }.Start();
            }
        });
        Assert.Equal(0, offLoop);
        Assert.Equal(threads * perThread, seen.Count);
        for (var t = 0; t < threads; t++)
            Assert.Equal(Enumerable.Range(0, perThread), seen.Where(s => s.Thread == t).Select(s => s.Seq));
    }

    [Fact]
    public void Stop_ends_Run_and_later_RunOnce_returns_false()
    {
        using var loop = new EventLoop();
        var ranAfterStop = false;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            loop.Stop();
            loop.Post(() => ranAfterStop = true);
        });
        Assert.True(loop.IsStopped);
        Assert.False(loop.RunOnce(TimeSpan.FromMilliseconds(10)));
        Assert.False(ranAfterStop);
    }

    [Fact]
    public void Stop_from_another_thread_wakes_an_idle_Run()
    {
        using var loop = new EventLoop();
        using var running = new ManualResetEventSlim();
        var stopper = new Thread(() => { running.Wait(); loop.Stop(); }) { IsBackground = true };
        stopper.Start();
        LoopHarness.RunUntilStopped(loop, running.Set);
        Assert.True(loop.IsStopped);
    }

    [Fact]
    public void RunOnce_returns_false_when_nothing_arrives_before_the_timeout()
    {
        using var loop = new EventLoop();
        Assert.False(loop.RunOnce(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public void RunOnce_runs_exactly_one_item_and_waits_for_a_timer()
    {
        using var loop = new EventLoop();
        var seen = new List<string>();
        loop.Post(() => seen.Add("a"));
        loop.Post(() => seen.Add("b"));
        loop.StartTimer(TimeSpan.FromMilliseconds(10), () => seen.Add("timer"));

        Assert.True(loop.RunOnce(TimeSpan.Zero));
        Assert.Equal(["a"], seen);
        Assert.True(loop.RunOnce(TimeSpan.Zero));
        Assert.True(loop.RunOnce(LoopHarness.HangGuard));
        Assert.Equal(["a", "b", "timer"], seen);
    }

    [Fact]
    public void Await_inside_loop_work_continues_on_the_loop_thread()
    {
        using var loop = new EventLoop();
        int loopThread = 0, afterYield = -1, afterDelay = -1, afterPoolHop = -1;
        LoopHarness.RunUntilStopped(loop, async () =>
        {
            loopThread = Environment.CurrentManagedThreadId;
            await Task.Yield();
            afterYield = Environment.CurrentManagedThreadId;
            await loop.DelayAsync(TimeSpan.FromMilliseconds(5));
            afterDelay = Environment.CurrentManagedThreadId;
            await Task.Run(() => { });
            afterPoolHop = Environment.CurrentManagedThreadId;
            loop.Stop();
        });
        Assert.Equal(loopThread, afterYield);
        Assert.Equal(loopThread, afterDelay);
        Assert.Equal(loopThread, afterPoolHop);
    }

    [Fact]
    public void Exception_in_work_reaches_the_handler_and_the_loop_goes_on()
    {
        using var loop = new EventLoop();
        var caught = new List<string>();
        loop.UnhandledException = ex => caught.Add(ex.Message);
        LoopHarness.RunUntilStopped(loop, () =>
        {
            loop.Post(() => throw new InvalidOperationException("boom"));
            loop.Post(loop.Stop);
        });
        Assert.Equal(["boom"], caught);
    }

    [Fact]
    public void Exception_without_a_handler_leaves_RunOnce()
    {
        using var loop = new EventLoop();
        loop.Post(() => throw new InvalidOperationException("boom"));
        Assert.Throws<InvalidOperationException>(() => loop.RunOnce(TimeSpan.Zero));
    }
}
