using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>The tutorial's three ways in, each driven from Lua through the module to the local cloud and back.</summary>
public sealed class AuthFlowTests
{
    public AuthFlowTests() => LogCapture.Install();

    [Fact]
    public async Task Direct_connect_publishes_qos0_and_qos1_and_receives_cloud_messages()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.Direct());
        await using var run = world.Run(project);

        await RoundTripAsync(world, run, TestRegistry.ProductKey);
    }

    [Fact]
    public async Task Http_auth_then_tls_connect_publishes_and_receives()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.HttpAuth());
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[e2e.auth]", "true");
        await RoundTripAsync(world, run, TestRegistry.ProductKey);
    }

    [Fact]
    public async Task Dynamic_registration_stores_the_secret_then_connects_publishes_and_receives()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.DynamicRegistration());
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[e2e.secretStored]", "32");
        await RoundTripAsync(world, run, TestRegistry.DynamicProductKey);
        var device = world.Cloud.Registry.FindDevice(TestRegistry.DynamicProductKey, TestRegistry.DeviceName)!;
        Assert.True(device.Activated);
        Assert.Equal(device.DeviceSecret, world.Module.Options.Identity.Sn);
    }

    /// <summary>Connect → both publishes confirmed and logged by the cloud → two cloud pushes (QoS0, QoS1) reach Lua.</summary>
    private static async Task RoundTripAsync(AliyunWorld world, LuaRun run, string productKey)
    {
        await run.WaitForLineAsync("[e2e.connect]", "true");
        await run.WaitForLineAsync("[e2e.published]", "true", "q0");
        await run.WaitForLineAsync("[e2e.published]", "true", "q1");
        var update = TestRegistry.UpdateTopic(productKey);
        var qos0 = await world.Cloud.Messages.WaitForAsync(m => m.Topic == update && m.PayloadText == "qos0 payload").WaitAsync(LuaRun.HangGuard);
        var qos1 = await world.Cloud.Messages.WaitForAsync(m => m.Topic == update && m.PayloadText == "qos1 payload").WaitAsync(LuaRun.HangGuard);
        Assert.Equal(0, qos0.Qos);
        Assert.Equal(1, qos1.Qos);

        var get = TestRegistry.GetTopic(productKey);
        await world.Cloud.PublishToDeviceAsync(productKey, TestRegistry.DeviceName, get, "cloud says hi, qos0", 0);
        await world.Cloud.PublishToDeviceAsync(productKey, TestRegistry.DeviceName, get, "cloud says hi, qos1", 1);
        await run.WaitForLineAsync("[e2e.receive]", get, "cloud says hi, qos0");
        await run.WaitForLineAsync("[e2e.receive]", get, "cloud says hi, qos1");
        Assert.DoesNotContain(run.Lines, l => l.Contains("[e2e.published]\tfalse", StringComparison.Ordinal));
    }
}
