using LuatHost.Runtime;

namespace LuatHost.Runtime.Tests;

public class LuatMessageBusTests
{
    [Fact]
    public void Publish_is_queued_and_delivered_after_the_publisher_returns()
    {
        using var loop = new EventLoop();
        var bus = new LuatMessageBus(loop);
        var seen = new List<string>();
        LoopHarness.RunUntilStopped(loop, () =>
        {
            bus.Subscribe("READY", args => { seen.Add($"got {args[0]}"); loop.Stop(); });
            bus.Publish("READY", 1);
            seen.Add("after publish");
        });
        Assert.Equal(["after publish", "got 1"], seen);
    }

    [Fact]
    public void Messages_arrive_in_publish_order_and_subscribers_in_subscription_order()
    {
        using var loop = new EventLoop();
        var bus = new LuatMessageBus(loop);
        var seen = new List<string>();
        LoopHarness.RunUntilStopped(loop, () =>
        {
            bus.Subscribe("M", args => seen.Add($"first {args[0]}"));
            bus.Subscribe("M", args => seen.Add($"second {args[0]}"));
            bus.Subscribe("END", _ => loop.Stop());
            bus.Publish("M", "a");
            bus.Publish("M", "b");
            bus.Publish("END");
        });
        Assert.Equal(["first a", "second a", "first b", "second b"], seen);
    }

    [Fact]
    public void Same_callback_subscribed_twice_is_called_once_and_unsubscribe_removes_it()
    {
        using var loop = new EventLoop();
        var bus = new LuatMessageBus(loop);
        var calls = 0;
        void Count(object?[] _) => calls++;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            bus.Subscribe("M", Count);
            bus.Subscribe("M", Count);
            bus.Subscribe("NEXT", _ =>
            {
                Assert.True(bus.Unsubscribe("M", Count));
                bus.Publish("M");
                bus.Publish("END");
            });
            bus.Subscribe("END", _ => loop.Stop());
            bus.Publish("M");
            bus.Publish("NEXT");
        });
        Assert.Equal(1, calls);
    }

    [Fact]
    public void WaitUntil_resolves_with_the_args_of_a_message_published_from_a_timer()
    {
        using var loop = new EventLoop();
        var bus = new LuatMessageBus(loop);
        LuatWaitResult result = default;
        var continuedOnLoop = false;
        LoopHarness.RunUntilStopped(loop, async () =>
        {
            loop.StartTimer(TimeSpan.FromMilliseconds(10), () => bus.Publish("IP_READY_IND", "10.0.0.2", 7));
            result = await bus.WaitUntilAsync("IP_READY_IND", 5_000);
            continuedOnLoop = loop.IsOnLoopThread;
            loop.Stop();
        });
        Assert.True(result.Received);
        Assert.Equal(["10.0.0.2", 7], result.Args);
        Assert.True(continuedOnLoop);
    }

    [Fact]
    public void WaitUntil_times_out_with_a_false_result_and_leaves_no_subscriber()
    {
        using var loop = new EventLoop();
        var bus = new LuatMessageBus(loop);
        LuatWaitResult result = new(true, []);
        LoopHarness.RunUntilStopped(loop, async () =>
        {
            result = await bus.WaitUntilAsync("NEVER", 20);
            loop.Stop();
        });
        Assert.False(result.Received);
        Assert.Empty(result.Args);
    }

    [Fact]
    public void Publish_from_another_thread_is_delivered_on_the_loop_thread()
    {
        using var loop = new EventLoop();
        var bus = new LuatMessageBus(loop);
        var onLoop = false;
        LoopHarness.RunUntilStopped(loop, () =>
        {
            bus.Subscribe("FROM_POOL", _ => { onLoop = loop.IsOnLoopThread; loop.Stop(); });
            Task.Run(() => bus.Publish("FROM_POOL"));
        });
        Assert.True(onLoop);
    }
}
