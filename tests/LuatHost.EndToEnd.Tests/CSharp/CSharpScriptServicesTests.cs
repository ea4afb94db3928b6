using LuatHost.EndToEnd.Tests.Support;
using LuatHost.Scripting;

namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>The C# globals over the virtual module: misc over AT, and errors a script can act on.</summary>
public sealed class CSharpScriptServicesTests
{
    public CSharpScriptServicesTests() => LogCapture.Install();

    [Fact]
    public async Task Misc_reads_imei_model_and_sn_over_at_publishes_ready_messages_and_setSn_persists_in_the_module()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("misc.csx", """
            var imeiReady = sys.WaitUntilAsync("IMEI_READY_IND", 20000);
            var modelReady = sys.WaitUntilAsync("MODEL_NUMBER_READY_IND", 20000);
            log.info("e2e.ready", (await imeiReady).Received, (await modelReady).Received);
            log.info("e2e.identity", misc.getImei(), await misc.GetImeiAsync(), misc.getModelType(), misc.getVersion());
            log.info("e2e.setSn", await misc.SetSnAsync("SN-FROM-CSHARP"), misc.getSn(), await misc.GetSnAsync());
            var done = new TaskCompletionSource<bool>();
            misc.setSn("SN-AGAIN", ok => done.SetResult(ok && Loop.IsOnLoopThread));
            log.info("e2e.setSnCallback", await done.Task, misc.getSn());
            """);
        await using var run = CSharpScriptRun.Start(folder, "misc.csx", world.Modem);

        Assert.Equal(ScriptExitCodes.Success, await run.WaitForExitAsync());
        var identity = world.Module.Options.Identity;
        Assert.Equal(
            [
                "[I]-[e2e.ready]\ttrue\ttrue",
                $"[I]-[e2e.identity]\t{identity.Imei}\t{identity.Imei}\t{identity.Model}\t{Runtime.LuatCoreVersion.Text}",
                "[I]-[e2e.setSn]\ttrue\tSN-FROM-CSHARP\tSN-FROM-CSHARP",
                "[I]-[e2e.setSnCallback]\ttrue\tSN-AGAIN",
            ],
            run.Lines);
        Assert.Equal("SN-AGAIN", identity.Sn);
    }

    [Fact]
    public async Task Misc_reads_the_muid_and_keeps_an_sn_the_module_refuses_in_the_device_fallback_file()
    {
        await using var world = await AliyunWorld.StartAsync();
        // AT+WISN="…" cannot carry a quote: the module never sees this SN, the device's data directory keeps it.
        const string sn = "has\"quote";
        using var folder = new ScriptFolder().File("sn.csx", """
            log.info("e2e.muid", await misc.GetMuidAsync(), misc.getMuid());
            log.info("e2e.sn", await misc.SetSnAsync("has\"quote"), misc.getSn());
            """);
        var data = folder.PathOf("device");
        await using var run = CSharpScriptRun.Start(folder, "sn.csx", world.Modem, data);

        Assert.Equal(ScriptExitCodes.Success, await run.WaitForExitAsync());
        var muid = world.Module.Options.Identity.Muid;
        Assert.Equal([$"[I]-[e2e.muid]\t{muid}\t{muid}", $"[I]-[e2e.sn]\ttrue\t{sn}"], run.Lines);
        Assert.Equal(sn, File.ReadAllText(Path.Combine(data, "luathost_sn.txt")));
        Assert.NotEqual(sn, world.Module.Options.Identity.Sn);
    }

    [Fact]
    public async Task Connect_with_a_wrong_secret_fails_ConnectAsync_with_the_client_problem_and_never_logs_the_secret()
    {
        const string wrongSecret = "0123456789abcdef0123456789abcdef";
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("wrong.csx", $$"""
            var refused = new TaskCompletionSource();
            // "reconnect" follows a failed attempt, after the client reported why it failed.
            aLiYun.on("reconnect", () => refused.TrySetResult());
            aLiYun.setConnectMode("direct");
            aLiYun.setup("{{TestRegistry.ProductKey}}", null, "{{TestRegistry.DeviceName}}", "{{wrongSecret}}");
            await refused.Task;
            await aLiYun.ConnectAsync(timeoutMs: 10);
            """);
        await using var run = CSharpScriptRun.Start(folder, "wrong.csx", world.Modem);

        Assert.Equal(ScriptExitCodes.RuntimeError, await run.WaitForExitAsync());
        Assert.Contains("wrong.csx:7: error: TimeoutException: aLiYun.ConnectAsync: not connected after 10 ms; last problem: MqttConnect:", run.Errors);
        Assert.Contains(run.Lines, l => l.StartsWith("[W]-[aLiYun]\tMqttConnect: Aliyun refused the MQTT login", StringComparison.Ordinal));
        Assert.DoesNotContain(wrongSecret, run.Errors + string.Join("\n", run.Lines) + string.Join("\n", LogCapture.Lines));
    }

    [Fact]
    public async Task Receive_callback_with_the_wrong_shape_is_one_clear_error_naming_the_script_line()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("shape.csx", """
            log.info("e2e.before");
            aLiYun.on("receive", ok => log.info("never", ok));
            """);
        await using var run = CSharpScriptRun.Start(folder, "shape.csx", world.Modem);

        Assert.Equal(ScriptExitCodes.RuntimeError, await run.WaitForExitAsync());
        Assert.Contains("shape.csx:2: error: ArgumentException: aLiYun.on(\"receive\")", run.Errors);
        Assert.Contains("\"receive\" takes (topic, qos, payload)", run.Errors);
    }
}
