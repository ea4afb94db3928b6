using LuatHost.Sim.Cloud.Broker;

namespace LuatHost.Cloud.Tests;

public sealed class MessageLogTests
{
    [Fact]
    public void Message_log_keeps_only_the_newest_messages_up_to_its_capacity()
    {
        var log = new MessageLog(capacity: 3);

        for (var i = 1; i <= 5; i++)
        {
            log.Add($"/t/{i}", [(byte)i], 0, "pk/dn", "pk", "dn");
        }

        Assert.Equal(["/t/3", "/t/4", "/t/5"], log.Snapshot().Select(m => m.Topic));
    }

    [Fact]
    public async Task Waiting_for_a_message_completes_with_an_earlier_or_a_later_match()
    {
        var log = new MessageLog();
        log.Add("/early", [], 0, "pk/dn", "pk", "dn");

        var early = await log.WaitForAsync(m => m.Topic == "/early");
        var later = log.WaitForAsync(m => m.Topic == "/later");
        Assert.False(later.IsCompleted);
        log.Add("/later", [1], 1, CloudMessage.CloudSender, "pk", "dn");

        Assert.Equal("/early", early.Topic);
        Assert.True((await later).FromCloud);
    }

    [Fact]
    public async Task Waiting_for_a_message_can_be_cancelled()
    {
        var log = new MessageLog();
        using var cancel = new CancellationTokenSource();

        var waiting = log.WaitForAsync(_ => false, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
