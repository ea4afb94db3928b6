using LuatHost.Cli.Simulation;
using LuatHost.EndToEnd.Tests.Support;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.EndToEnd.Tests;

/// <summary>cloud-script.json rules against the real cloud and module: what makes the cloud send a message.</summary>
public sealed class CloudScriptTests
{
    private static readonly string Get = $"/{TestRegistry.ProductKey}/{TestRegistry.DeviceName}/user/get";

    public CloudScriptTests() => LogCapture.Install();

    private static string Rule(string trigger) => $$"""
        { "rules": [ { {{trigger}},
          "publish": { "productKey": "{{TestRegistry.ProductKey}}", "deviceName": "{{TestRegistry.DeviceName}}",
                       "topic": "{{Get}}", "payload": "hello subscriber", "qos": 1 } } ] }
        """;

    [Fact]
    public async Task Subscribe_trigger_sends_the_message_to_a_device_that_only_subscribes()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var script = CloudScript.Attach(world.Cloud, Rule($"\"afterDeviceSubscribesTo\": \"{Get}\""));
        using var project = LuaProject.WithMain($$"""
            local PK, DN = "{{TestRegistry.ProductKey}}", "{{TestRegistry.DeviceName}}"
            aLiYun.on("connect", function(ok) if ok then aLiYun.subscribe("{{Get}}", 1) end end)
            aLiYun.on("receive", function(topic, qos, payload) log.info("e2e.receive", topic, qos, payload) end)
            aLiYun.setConnectMode("direct")
            aLiYun.setup(PK, nil, function() return DN end, function() return "{{TestRegistry.DeviceSecret}}" end)
            """);
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[e2e.receive]", Get, "hello subscriber");

        Assert.DoesNotContain(world.Cloud.Messages.Snapshot(), m => !m.FromCloud);
    }

    [Theory]
    [InlineData("\"afterDeviceSubscribesTo\": \"/a/b\", \"afterDevicePublishesTo\": \"/a/c\"")]
    [InlineData("\"once\": true")]
    public async Task Rule_without_exactly_one_trigger_is_refused_naming_both_triggers(string trigger)
    {
        await using var cloud = await LocalCloud.StartAsync(new LocalCloudOptions { Registry = DeviceRegistry.FromJson(TestRegistry.Json) });

        var error = Assert.Throws<ArgumentException>(() => CloudScript.Attach(cloud, Rule(trigger), "cloud-script.json"));

        Assert.Contains("\"afterDeviceSubscribesTo\" or \"afterDevicePublishesTo\"", error.Message);
    }
}
