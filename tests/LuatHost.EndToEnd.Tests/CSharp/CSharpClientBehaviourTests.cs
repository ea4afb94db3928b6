using LuatHost.EndToEnd.Tests.Support;
using LuatHost.Scripting;

namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>The async forms and Luat semantics of the C# aLiYun/aLiYunOta globals, against the local cloud.</summary>
public sealed class CSharpClientBehaviourTests
{
    private const string Pk = TestRegistry.ProductKey;
    private const string Dn = TestRegistry.DeviceName;

    /// <summary>Direct connect to the test device; the rest of the script follows.</summary>
    private static readonly string Connect = $$"""
        const string PK = "{{Pk}}", DN = "{{Dn}}";
        var GET = $"/{PK}/{DN}/user/get";
        var UPDATE = $"/{PK}/{DN}/user/update";
        aLiYun.setConnectMode("direct");
        aLiYun.setup(PK, null, DN, "{{TestRegistry.DeviceSecret}}");

        """;

    public CSharpClientBehaviourTests() => LogCapture.Install();

    [Fact]
    public async Task ReceiveAsync_times_out_with_null_ignores_a_cancelled_wait_and_returns_queued_messages_oldest_first()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("inbox.csx", Connect + """
            // Cancelled while it waits (not by a timer): the wait must end and must not take a later message.
            using (var cancel = new CancellationTokenSource())
            {
                var waiting = aLiYun.ReceiveAsync(cancellationToken: cancel.Token);
                cancel.Cancel();
                try { await waiting; }
                catch (OperationCanceledException) { log.info("e2e.cancelled", true); }
            }
            // Nothing is subscribed yet, so no message can arrive: the timeout, however late its timer fires, gives null.
            log.info("e2e.timedOut", await aLiYun.ReceiveAsync(100) is null);
            var arrival = new List<string>();
            aLiYun.on("receive", (topic, qos, payload) => { arrival.Add(payload); if (arrival.Count == 2) sys.Publish("E2E_BOTH_RECEIVED"); });
            await aLiYun.ConnectAsync();
            aLiYun.subscribe(GET, 1);
            // Subscriptions go out before publishes: once this is acknowledged, the device is listening.
            await aLiYun.PublishAsync(UPDATE, "listening", 1);
            await sys.WaitUntilAsync("E2E_BOTH_RECEIVED");
            var first = await aLiYun.ReceiveAsync(1000);
            var second = await aLiYun.ReceiveAsync(1000);
            log.info("e2e.inbox", first.PayloadText, second.PayloadText, first.Qos);
            log.info("e2e.arrival", arrival[0], arrival[1]);
            """);
        await using var run = CSharpScriptRun.Start(folder, "inbox.csx", world.Modem);

        await world.Cloud.Messages.WaitForAsync(m => !m.FromCloud && m.PayloadText == "listening").WaitAsync(OutputLines.HangGuard);
        await world.Cloud.PublishToDeviceAsync(Pk, Dn, TestRegistry.GetTopic(), "one", 1);
        await world.Cloud.PublishToDeviceAsync(Pk, Dn, TestRegistry.GetTopic(), "two", 1);

        Assert.Equal(ScriptExitCodes.Success, await run.WaitForExitAsync());
        Assert.Equal(["[I]-[e2e.cancelled]\ttrue", "[I]-[e2e.timedOut]\ttrue"], run.Lines.Take(2));
        // The inbox hands messages out in the order the module delivered them (the order the callback saw). The local
        // cloud may deliver two pushes in either order, so the test compares with the arrival, not with "one, two".
        var arrival = run.Lines[3]["[I]-[e2e.arrival]\t".Length..];
        Assert.Equal($"[I]-[e2e.inbox]\t{arrival}\t1", run.Lines[2]);
        Assert.Contains(arrival, new[] { "one\ttwo", "two\tone" });
        Assert.Equal(4, run.Lines.Count);
    }

    [Fact]
    public async Task Sleep_ends_the_session_with_connect_false_and_wakeup_connects_again_with_queued_publishes_sent()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("sleep.csx", Connect + """
            aLiYun.on("connect", ok => { log.info("e2e.connect", ok); sys.Publish("E2E_CONNECT", ok); });
            await aLiYun.ConnectAsync();
            aLiYun.sleep();
            var down = await sys.WaitUntilAsync("E2E_CONNECT");
            log.info("e2e.asleep", down.Args[0], aLiYun.sleepStatus(), aLiYun.IsConnected);
            var queued = aLiYun.PublishAsync(UPDATE, "sent after wakeup", 1);
            aLiYun.wakeup();
            var up = await sys.WaitUntilAsync("E2E_CONNECT");
            log.info("e2e.awake", up.Args[0], aLiYun.sleepStatus(), await queued);
            """);
        await using var run = CSharpScriptRun.Start(folder, "sleep.csx", world.Modem);

        Assert.Equal(ScriptExitCodes.Success, await run.WaitForExitAsync());
        Assert.Equal(
            ["[I]-[e2e.connect]\ttrue", "[I]-[e2e.connect]\tfalse", "[I]-[e2e.asleep]\tfalse\ttrue\tfalse", "[I]-[e2e.connect]\ttrue", "[I]-[e2e.awake]\ttrue\tfalse\ttrue"],
            run.Lines);
        Assert.Contains(world.Cloud.Messages.Snapshot(), m => m.Topic == TestRegistry.UpdateTopic() && m.PayloadText == "sent after wakeup");
    }

    [Fact]
    public async Task Ota_reports_PROJECT_VERSION_core_on_connect_re_reports_setVer_and_logs_a_validated_upgrade_push()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("ota.csx", """
            PROJECT = "E2E";
            VERSION = "1.0.0";
            aLiYunOta.Enable();

            """ + Connect + """
            await aLiYun.ConnectAsync();
            log.info("e2e.version", aLiYunOta.Version);
            await sys.WaitUntilAsync("E2E_SET_VER");
            aLiYunOta.setVer("MCU_VERSION_1.0.1");
            await sys.RunAsync();
            """);
        await using var run = CSharpScriptRun.Start(folder, "ota.csx", world.Modem);
        var inform = $"/ota/device/inform/{Pk}/{Dn}";

        var first = await world.Cloud.Messages.WaitForAsync(m => m.Topic == inform).WaitAsync(OutputLines.HangGuard);
        Assert.Equal("{\"id\":1,\"params\":{\"version\":\"E2E_1.0.0_Luat_V0037_RDA8910_FLOAT\"}}", first.PayloadText);
        await run.WaitForLineAsync("[e2e.version]\tE2E_1.0.0_Luat_V0037_RDA8910_FLOAT");

        await world.Cloud.PublishToDeviceAsync(Pk, Dn, $"/ota/device/upgrade/{Pk}/{Dn}",
            "{\"code\":\"1000\",\"data\":{\"size\":432945,\"version\":\"E2E_1.0.1\",\"url\":\"https://ota.example.com/fw.bin?Signature=x\","
            + "\"md5\":\"93230c3bde425a9d7984a594ac55ea1e\",\"signMethod\":\"MD5\"},\"id\":1626969597470,\"message\":\"success\"}", 1);
        var line = await run.WaitForLineAsync("[I]-[aLiYunOta]", "upgrade to E2E_1.0.1 announced", "432945 bytes", "not implemented");
        Assert.DoesNotContain("Signature", line, StringComparison.Ordinal);

        run.Publish("E2E_SET_VER");
        var second = await world.Cloud.Messages.WaitForAsync(m => m.Topic == inform && m.PayloadText.Contains("MCU_VERSION_1.0.1", StringComparison.Ordinal))
            .WaitAsync(OutputLines.HangGuard);
        Assert.Equal("{\"id\":1,\"params\":{\"version\":\"MCU_VERSION_1.0.1\"}}", second.PayloadText);
    }
}
