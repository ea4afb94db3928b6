using LuatHost.Aliyun;

namespace LuatHost.Aliyun.Tests;

public sealed class PublishQueueTests
{
    [Fact]
    public void Items_leave_in_the_order_they_were_queued()
    {
        var queue = new PublishQueue();
        var first = queue.Enqueue("/t", [1], 1);
        queue.Enqueue("/t", [2], 0);

        Assert.True(queue.TryPeek(out var head));
        Assert.Same(first, head);
        queue.Complete(head!, true);
        Assert.True(queue.TryPeek(out head));
        Assert.Equal([2], head!.Payload);
    }

    [Fact]
    public async Task An_unconfirmed_item_stays_at_the_head_until_it_is_completed()
    {
        var queue = new PublishQueue();
        var item = queue.Enqueue("/t", [1], 1);
        queue.Enqueue("/t", [2], 1);

        queue.TryPeek(out var attempt1);
        queue.TryPeek(out var attempt2);

        Assert.Same(item, attempt1);
        Assert.Same(item, attempt2);
        Assert.False(item.Done.IsCompleted);
        queue.Complete(item, true);
        Assert.True(await item.Done);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task Failing_all_completes_every_waiting_publish_with_false()
    {
        var queue = new PublishQueue();
        var a = queue.Enqueue("/t", [1], 1);
        var b = queue.Enqueue("/t", [2], 0);

        queue.FailAll();

        Assert.False(await a.Done);
        Assert.False(await b.Done);
        Assert.Equal(0, queue.Count);
    }
}

public sealed class ReconnectPolicyTests
{
    [Theory]
    [InlineData(1, false)]
    [InlineData(4, false)]
    [InlineData(5, true)]
    [InlineData(6, false)]
    [InlineData(10, true)]
    public void The_bearer_is_reset_after_every_fifth_failure_in_a_row(int failures, bool reset) =>
        Assert.Equal(reset, new ReconnectPolicy().ShouldResetBearer(failures));

    [Fact]
    public void Retries_are_two_seconds_apart_as_in_luat() =>
        Assert.Equal(TimeSpan.FromSeconds(2), new ReconnectPolicy().RetryDelay);
}

public sealed class SubscriptionBookTests
{
    [Fact]
    public void Every_remembered_topic_is_subscribed_again_in_a_new_session()
    {
        var book = new SubscriptionBook();
        book.Request("/a", 1);
        book.Request("/b", 0);
        Drain(book);

        book.BeginSession();

        Assert.Equal(["/a", "/b"], Drain(book));
    }

    [Fact]
    public void Asking_again_for_a_topic_already_subscribed_in_this_session_sends_nothing()
    {
        var book = new SubscriptionBook();
        book.Request("/a", 1);
        Drain(book);

        book.Request("/a", 1);

        Assert.Empty(Drain(book));
    }

    [Theory]
    [InlineData("/pk/dn/user/get", "/pk/dn/user/get", true)]
    [InlineData("/pk/+/user/get", "/pk/dn/user/get", true)]
    [InlineData("/broadcast/pk/#", "/broadcast/pk/a/b", true)]
    [InlineData("/pk/dn/user/get", "/pk/dn/user/update", false)]
    [InlineData("/pk/+", "/pk/dn/user", false)]
    public void Topic_filters_match_as_in_mqtt(string filter, string topic, bool matches) =>
        Assert.Equal(matches, TopicFilter.Matches(filter, topic));

    private static List<string> Drain(SubscriptionBook book)
    {
        var sent = new List<string>();
        while (book.TryNextUnsent(out var topic, out var qos))
        {
            book.MarkSent(topic, qos);
            sent.Add(topic);
        }
        return sent;
    }
}
