using LuatHost.Aliyun;
using LuatHost.EndToEnd.Tests.Support;
using LuatHost.Sim.Module;

namespace LuatHost.EndToEnd.Tests;

/// <summary>
/// The Aliyun flow on a module that behaves like hardware (realism typical/harsh): a lone <c>^MODE: 17,17</c> changes
/// nothing, coverage loss ends the session, the client waits for service and reconnects, and no QoS1 publish is lost.
/// </summary>
public sealed class LinkStateTests
{
    /// <summary>Luat's rhythm shortened so a test stays a few seconds long; the realism latencies are the module's.</summary>
    private static readonly ReconnectPolicy Quick = new() { RetryDelay = TimeSpan.FromMilliseconds(300), NetworkPollInterval = TimeSpan.FromMilliseconds(100) };

    public LinkStateTests() => LogCapture.Install();

    [Theory]
    [InlineData(ModuleRealism.Typical)]
    [InlineData(ModuleRealism.Harsh)]
    public async Task Mode_report_keeps_the_session_and_coverage_loss_reconnects_without_losing_a_qos1_publish(ModuleRealism realism)
    {
        await using var world = await AliyunWorld.StartAsync(realism: RealismProfile.For(realism), reconnect: Quick);
        using var project = LuaProject.WithMain(ReconnectTests.Script);
        await using var run = world.Run(project, TimeSpan.FromSeconds(60));
        await run.WaitForLineAsync("[e2e.ready]", "true");

        // A voice call ended: ^MODE: 17,17 alone. The session stays; a command still round-trips on it.
        await world.Module.Faults.ReportServiceModeAsync();
        await world.Cloud.PublishToDeviceAsync(TestRegistry.ProductKey, TestRegistry.DeviceName, TestRegistry.GetTopic(), "publish:after the call", 1);
        await run.WaitForLineAsync("[e2e.cmdPublished]", "true", "after the call");
        Assert.Equal(1, run.Count("[e2e.connect]\ttrue"));
        Assert.Equal(0, run.Count("[e2e.connect]\tfalse"));

        // Coverage lost, back a second later: the session ends at once, the offline publish waits and arrives.
        await world.Module.Faults.LoseCoverageAsync(restoreAfter: TimeSpan.FromSeconds(1));
        await run.WaitForLineAsync("[e2e.connect]", "false");
        await run.WaitForLineAsync("[e2e.offlinePublished]", "true");

        var received = world.Cloud.Messages.Snapshot().Where(m => !m.FromCloud && m.Qos == 1).Select(m => m.PayloadText).ToHashSet();
        Assert.Superset(new HashSet<string> { "ready", "after the call", "made while offline" }, received);
        Assert.Equal(2, run.Count("[e2e.connect]\ttrue"));
    }

    [Fact]
    public async Task A_broker_path_gone_silent_ends_in_heart_no_ack_after_the_keepalive_and_the_client_reconnects_without_losing_a_qos1_publish()
    {
        await using var world = await AliyunWorld.StartAsync(realism: RealismProfile.For(ModuleRealism.Typical), reconnect: Quick);
        // The module pings every 2 s instead of every 240 s; what happens when a ping goes unanswered is the real path.
        // (At 1 s the answer had 0.5 s to come, which a loaded two-core CI machine missed once with the session alive.)
        world.Module.Faults.MqttKeepAliveInterval = TimeSpan.FromSeconds(2);
        using var project = LuaProject.WithMain(ReconnectTests.Script);
        await using var run = world.Run(project, TimeSpan.FromSeconds(60));
        await run.WaitForLineAsync("[e2e.ready]", "true");

        // Pings are answered while the path is alive: the session outlives several keep-alive intervals.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await world.Cloud.PublishToDeviceAsync(TestRegistry.ProductKey, TestRegistry.DeviceName, TestRegistry.GetTopic(), "publish:alive", 1);
        await run.WaitForLineAsync("[e2e.cmdPublished]", "true", "alive");
        Assert.Equal(0, run.Count("[e2e.connect]\tfalse"));

        await world.Module.Faults.SilenceBrokerLinkAsync();

        await run.WaitForLineAsync("[e2e.connect]", "false");
        await run.WaitForLineAsync("[e2e.offlinePublished]", "true");
        await world.Cloud.Messages.WaitForAsync(m => m.PayloadText == "made while offline" && m.Qos == 1).WaitAsync(LuaRun.HangGuard);
        Assert.Equal(2, run.Count("[e2e.connect]\ttrue"));
        // The module said why, in its own words (not CLOSED): the trace of the host's AT engine shows the line arrived.
        Assert.Contains(LogCapture.Lines, l => l.EndsWith("<- MQTT HEART NO ACK (urc)", StringComparison.Ordinal));
    }
}
