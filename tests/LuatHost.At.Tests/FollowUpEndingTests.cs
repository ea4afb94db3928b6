using LuatHost.Modem;

namespace LuatHost.At.Tests;

/// <summary>How a follow-up wait ends early: the caller gives up, the broker link drops, the broker refuses.</summary>
public sealed class FollowUpEndingTests
{
    /// <summary>Long enough that only the behaviour under test, never the timeout, can end a wait.</summary>
    private static readonly ModemTimeouts NoTimeouts = new() { Connack = TimeSpan.FromMinutes(10), MqttAck = TimeSpan.FromMinutes(10) };

    private static AtCommand Publish(string n) =>
        new($"AT+MPUB=\"t\",1,0,\"{n}\"") { FollowUp = new AtFollowUp("PUBACK", ["PUBACK"], TimeSpan.FromMinutes(10)) };

    [Fact]
    public async Task Cancelling_a_follow_up_wait_withdraws_it_so_the_next_PUBACK_goes_to_the_next_publish()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MPUB=\"t\",1,0,\"1\"", "\r\nOK\r\n");
        h.Module.On("AT+MPUB=\"t\",1,0,\"2\"", "\r\nOK\r\n", "\r\nPUBACK\r\n");
        using var giveUp = new CancellationTokenSource();

        var first = (await h.Engine.ExecuteAsync(Publish("1")).Guarded()).EnsureOk();
        var abandoned = first.WaitFollowUpAsync(giveUp.Token);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned).Guarded();
        var second = (await h.Engine.ExecuteAsync(Publish("2")).Guarded()).EnsureOk();
        var ack = await second.WaitFollowUpAsync().Guarded();

        Assert.True(ack.Succeeded);
    }

    [Fact]
    public async Task Closed_fails_every_awaited_PUBACK_at_once()
    {
        await using var h = new EngineHarness();
        var mqtt = new Air724(h.Engine, NoTimeouts).Mqtt;
        h.Module.On("AT+MPUB=\"t\",1,0,\"1\"", "\r\nOK\r\n");
        h.Module.On("AT+MPUB=\"t\",1,0,\"2\"", "\r\nOK\r\n", "\r\nCLOSED\r\n");

        var first = mqtt.PublishAsync("t", "1", qos: 1);
        var second = mqtt.PublishAsync("t", "2", qos: 1);

        var errors = new[]
        {
            await Assert.ThrowsAsync<AtFollowUpFailedException>(() => first).Guarded(),
            await Assert.ThrowsAsync<AtFollowUpFailedException>(() => second).Guarded(),
        };
        Assert.All(errors, e => Assert.StartsWith("AT+MPUB failed: the module reported CLOSED", e.Message));
    }

    [Fact]
    public async Task Connection_lost_is_raised_before_the_publish_waiting_for_its_PUBACK_fails()
    {
        await using var h = new EngineHarness();
        var mqtt = new Air724(h.Engine, NoTimeouts).Mqtt;
        var lost = new TaskCompletionSource<MqttConnectionLoss>(TaskCreationOptions.RunContinuationsAsynchronously);
        mqtt.ConnectionLost += reason => lost.TrySetResult(reason);
        h.Module.On("AT+MPUB=\"t\",1,0,\"1\"", "\r\nOK\r\n", "\r\nCLOSED\r\n");

        await Assert.ThrowsAsync<AtFollowUpFailedException>(() => mqtt.PublishAsync("t", "1", qos: 1)).Guarded();

        Assert.True(lost.Task.IsCompleted);
        Assert.Equal(MqttConnectionLoss.Closed, await lost.Task);
    }

    [Theory]
    [InlineData("ERROR")]                   // the broker refused the topic (SUBACK 0x80)
    [InlineData("CLOSED")]
    [InlineData("+CGEV: NW PDN DEACT 1")]
    public async Task Subscribe_fails_at_once_when_the_module_reports_a_refusal_or_a_link_loss_instead_of_SUBACK(string report)
    {
        await using var h = new EngineHarness();
        var mqtt = new Air724(h.Engine, NoTimeouts).Mqtt;
        h.Module.On("AT+MSUB=\"/a/b\",1", "\r\nOK\r\n", $"\r\n{report}\r\n");

        var error = await Assert.ThrowsAsync<AtFollowUpFailedException>(() => mqtt.SubscribeAsync("/a/b", 1)).Guarded();

        Assert.StartsWith($"AT+MSUB failed: the module reported {report}", error.Message);
    }

    [Fact]
    public async Task Module_reboot_fails_a_waiting_PUBACK_at_once()
    {
        await using var h = new EngineHarness();
        var mqtt = new Air724(h.Engine, NoTimeouts).Mqtt;
        h.Module.On("AT+MPUB=\"t\",1,0,\"1\"", "\r\nOK\r\n", "\r\nRDY\r\n");

        await Assert.ThrowsAsync<AtModuleRebootedException>(() => mqtt.PublishAsync("t", "1", qos: 1)).Guarded();
    }
}
