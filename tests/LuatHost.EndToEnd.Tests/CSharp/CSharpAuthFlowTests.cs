using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>
/// The tutorial's three ways in, driven from a C# script through the same Aliyun service the Lua binding uses, over
/// the virtual module (in-memory duplex) to the local cloud and back.
/// </summary>
public sealed class CSharpAuthFlowTests
{
    public CSharpAuthFlowTests() => LogCapture.Install();

    [Fact]
    public async Task Csharp_direct_flow_connects_publishes_qos0_and_qos1_and_receives_cloud_pushes_on_the_loop_thread()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("flow.csx", CSharpFlowScripts.Direct());
        await using var run = CSharpScriptRun.Start(folder, "flow.csx", world.Modem);

        await RoundTripAsync(world, run, TestRegistry.ProductKey);
    }

    [Fact]
    public async Task Csharp_http_auth_flow_reports_auth_then_connects_over_tls_publishes_and_receives()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("flow.csx", CSharpFlowScripts.HttpAuth());
        await using var run = CSharpScriptRun.Start(folder, "flow.csx", world.Modem);

        await run.WaitForLineAsync("[e2e.auth]\ttrue\ttrue");
        await RoundTripAsync(world, run, TestRegistry.ProductKey);
    }

    [Fact]
    public async Task Csharp_dynamic_registration_stores_the_secret_in_the_module_sn_then_connects_publishes_and_receives()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder().File("flow.csx", CSharpFlowScripts.DynamicRegistration());
        await using var run = CSharpScriptRun.Start(folder, "flow.csx", world.Modem);

        await run.WaitForLineAsync("[e2e.secretStored]\t32\ttrue");
        await run.WaitForLineAsync("[e2e.snWritten]\ttrue");
        await RoundTripAsync(world, run, TestRegistry.DynamicProductKey);
        var device = world.Cloud.Registry.FindDevice(TestRegistry.DynamicProductKey, TestRegistry.DeviceName)!;
        Assert.True(device.Activated);
        Assert.Equal(device.DeviceSecret, world.Module.Options.Identity.Sn);
        Assert.DoesNotContain(LogCapture.Lines, l => l.Contains(device.DeviceSecret!, StringComparison.Ordinal));
    }

    /// <summary>
    /// Connect → QoS0 (awaited) and QoS1 (callback) confirmed and in the cloud's message log → two cloud pushes reach
    /// the "receive" callback, and the first also ReceiveAsync. Every callback and continuation ran on the loop thread.
    /// </summary>
    private static async Task RoundTripAsync(AliyunWorld world, CSharpScriptRun run, string productKey)
    {
        await run.WaitForLineAsync("[e2e.connect]\ttrue\ttrue");
        await run.WaitForLineAsync("[e2e.connected]\ttrue");
        await run.WaitForLineAsync("[e2e.published]\ttrue\tq0\ttrue");
        await run.WaitForLineAsync("[e2e.published]\ttrue\tq1\ttrue");
        var update = TestRegistry.UpdateTopic(productKey);
        var qos0 = await world.Cloud.Messages.WaitForAsync(m => m.Topic == update && m.PayloadText == "qos0 payload").WaitAsync(OutputLines.HangGuard);
        var qos1 = await world.Cloud.Messages.WaitForAsync(m => m.Topic == update && m.PayloadText == "qos1 payload").WaitAsync(OutputLines.HangGuard);
        Assert.Equal(0, qos0.Qos);
        Assert.Equal(1, qos1.Qos);

        // The QoS0 publish was confirmed after the subscription (the queue sends subscriptions first): the device listens.
        var get = TestRegistry.GetTopic(productKey);
        await world.Cloud.PublishToDeviceAsync(productKey, TestRegistry.DeviceName, get, "cloud says hi, qos0", 0);
        await world.Cloud.PublishToDeviceAsync(productKey, TestRegistry.DeviceName, get, "cloud says hi, qos1", 1);
        await run.WaitForLineAsync("[e2e.receive]", get, "cloud says hi, qos0", "\ttrue");
        await run.WaitForLineAsync("[e2e.receive]", get, "cloud says hi, qos1", "\ttrue");
        // MQTT orders messages per QoS level only: the first to arrive may be either push.
        await run.WaitForLineAsync("[e2e.receiveAsync]", get, "cloud says hi, qos", "\ttrue");
        Assert.DoesNotContain(run.Lines, l => l.Contains("[e2e.published]\tfalse", StringComparison.Ordinal));
        Assert.DoesNotContain(run.Lines, l => l.EndsWith("\tfalse", StringComparison.Ordinal) && !l.StartsWith("[I]-[e2e.connect]", StringComparison.Ordinal));
        Assert.Equal("", run.Errors);
    }
}
