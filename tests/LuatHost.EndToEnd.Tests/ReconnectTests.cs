using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>Link drops, PDP loss and module reboots: the client reconnects by itself and loses no publish.</summary>
public sealed class ReconnectTests
{
    /// <summary>Publishes "made while offline" from the disconnect handler and "inflight:&lt;x&gt;" on a cloud command (also used by <see cref="LinkStateTests"/>).</summary>
    internal static readonly string Script = FlowScripts.Direct() + """

        local connects = 0
        aLiYun.on("connect", function(ok)
          log.info("e2e.connect", ok)
          if ok then
            connects = connects + 1
            if connects == 1 then
              aLiYun.subscribe(GET, 1)
              -- Subscriptions go out before publishes: this callback means the device listens on GET.
              aLiYun.publish(UPDATE, "ready", 1, function(r) log.info("e2e.ready", r) end)
            end
          else
            aLiYun.publish(UPDATE, "made while offline", 1, function(r) log.info("e2e.offlinePublished", r) end)
          end
        end)
        aLiYun.on("receive", function(topic, qos, payload)
          local text = payload:match("^publish:(.*)$")
          if text then aLiYun.publish(UPDATE, text, 1, function(r) log.info("e2e.cmdPublished", r, text) end) end
        end)
        """;

    public ReconnectTests() => LogCapture.Install();

    [Fact]
    public async Task Publish_made_while_the_broker_link_is_down_arrives_after_the_reconnect()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(Script);
        await using var run = world.Run(project);
        await run.WaitForLineAsync("[e2e.connect]", "true");

        await world.Module.Faults.DropBrokerLinkAsync();

        await run.WaitForLineAsync("[e2e.connect]", "false");
        await run.WaitForLineAsync("[e2e.offlinePublished]", "true");
        await world.Cloud.Messages.WaitForAsync(m => m.PayloadText == "made while offline" && m.Qos == 1).WaitAsync(LuaRun.HangGuard);
        Assert.Equal(2, run.Count("[e2e.connect]\ttrue"));
    }

    [Fact]
    public async Task Qos1_publish_whose_PUBACK_is_lost_with_the_link_is_sent_again_after_the_reconnect()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(Script);
        await using var run = world.Run(project);
        await run.WaitForLineAsync("[e2e.connect]", "true");
        await run.WaitForLineAsync("[e2e.ready]", "true");

        // Every URC (the +MSUB with the command, then the PUBACK) now comes late: the link drops before the PUBACK.
        world.Module.Faults.UrcLatency = TimeSpan.FromSeconds(2);
        await world.Cloud.PublishToDeviceAsync(TestRegistry.ProductKey, TestRegistry.DeviceName, TestRegistry.GetTopic(), "publish:in flight", 1);
        await world.Cloud.Messages.WaitForAsync(m => !m.FromCloud && m.PayloadText == "in flight").WaitAsync(LuaRun.HangGuard);
        await world.Module.Faults.DropBrokerLinkAsync();
        world.Module.Faults.UrcLatency = TimeSpan.Zero;

        await run.WaitForLineAsync("[e2e.cmdPublished]", "true", "in flight");
        var copies = world.Cloud.Messages.Snapshot().Count(m => !m.FromCloud && m.PayloadText == "in flight");
        Assert.Equal(2, copies);
        Assert.Equal(1, run.Count("[e2e.cmdPublished]"));
    }

    [Fact]
    public async Task Pdp_loss_ends_the_session_and_the_client_reconnects_when_the_network_returns()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(Script);
        await using var run = world.Run(project);
        await run.WaitForLineAsync("[e2e.connect]", "true");

        await world.Module.Faults.LosePdpAsync(restoreAfter: TimeSpan.FromMilliseconds(500));

        await run.WaitForLineAsync("[e2e.connect]", "false");
        await run.WaitForLineAsync("[e2e.offlinePublished]", "true");
        await run.WaitForLineAsync(l => run.Count("[e2e.connect]\ttrue") >= 2, "a second connect");
    }

    [Fact]
    public async Task Module_reboot_ends_the_session_and_the_client_reconnects()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(Script);
        await using var run = world.Run(project);
        await run.WaitForLineAsync("[e2e.connect]", "true");

        await world.Module.Faults.RebootAsync();

        await run.WaitForLineAsync("[e2e.connect]", "false");
        await run.WaitForLineAsync("[e2e.offlinePublished]", "true");
        await world.Cloud.Messages.WaitForAsync(m => m.PayloadText == "made while offline").WaitAsync(LuaRun.HangGuard);
    }

    [Fact]
    public async Task Sleep_ends_the_session_and_wakeup_connects_again()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.Direct() + """

            local connects = 0
            aLiYun.on("connect", function(ok)
              log.info("e2e.connect", ok, aLiYun.sleepStatus())
              if ok then
                connects = connects + 1
                if connects == 1 then aLiYun.sleep() end
              else
                sys.timerStart(function() log.info("e2e.wakeup") aLiYun.wakeup() end, 100)
              end
            end)
            """);
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[e2e.connect]\tfalse\ttrue");
        await run.WaitForLineAsync("[e2e.wakeup]");
        await run.WaitForLineAsync(l => run.Count("[e2e.connect]\ttrue\tfalse") >= 2, "connected again after wakeup");
    }

    [Fact]
    public async Task Error_handler_fires_when_nothing_proves_the_link_alive_for_its_timeout()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.Direct(secret: "0000000000000000wrongwrongwrong00") + """

            aLiYun.setErrHandle(function() log.info("e2e.errHandle", aLiYun.sleepStatus()) end, 1)
            """);
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[e2e.errHandle]", "false");
    }

    [Fact]
    public async Task Wrong_device_secret_reports_a_clear_auth_error_and_keeps_retrying()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.Direct(secret: "0000000000000000wrongwrongwrong00"));
        await using var run = world.Run(project);

        var error = await run.WaitForLineAsync("[W]-[aLiYun]", "refused the MQTT login", "DeviceSecret");
        await run.WaitForLineAsync(l => run.Count("[e2e.reconnect]") >= 2, "two retries");
        Assert.DoesNotContain("0000000000000000wrongwrongwrong00", error, StringComparison.Ordinal);
        Assert.False(run.Completion.IsCompleted);
        Assert.Equal(0, run.Count("[e2e.connect]\ttrue"));
    }

    [Fact]
    public async Task Wrong_device_secret_in_http_auth_reports_the_cloud_code_and_the_auth_event()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.HttpAuth(secret: "0000000000000000wrongwrongwrong00"));
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[e2e.auth]", "false");
        await run.WaitForLineAsync("[W]-[aLiYun]", "HTTP auth refused", "code 460");
        await run.WaitForLineAsync(l => run.Count("[e2e.reconnect]") >= 2, "two retries");
        Assert.False(run.Completion.IsCompleted);
    }
}
