using System.Text.Json.Nodes;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>The thing model end to end: a Lua script posts properties and answers a property set (Alink JSON, docs/aliyun-iot.md §4.2).</summary>
public sealed class ThingModelTests
{
    public ThingModelTests() => LogCapture.Install();

    private static string RegistryWithThingModel()
    {
        var registry = JsonNode.Parse(TestRegistry.Json)!.AsObject();
        registry["products"]![0]!["thingModel"] = JsonNode.Parse("""
            { "properties": [ { "identifier": "Brightness", "accessMode": "rw", "dataType": { "type": "int", "specs": { "min": "0", "max": "100" } } } ] }
            """);
        return registry.ToJsonString();
    }

    private const string Body = """
        local THING = "/sys/" .. PK .. "/" .. DN .. "/thing/"
        aLiYun.on("connect", function(ok)
          if not ok then return end
          aLiYun.subscribe({[THING .. "event/property/post_reply"] = 1, [THING .. "service/property/set"] = 1})
          aLiYun.publish(THING .. "event/property/post", '{"id":"1","version":"1.0","params":{"Brightness":"high"},"method":"thing.event.property.post"}', 1)
          aLiYun.publish(THING .. "event/property/post", '{"id":"2","version":"1.0","params":{"Brightness":{"value":80,"time":1524448722000}},"method":"thing.event.property.post"}', 1,
            function(sent) log.info("e2e.posted", sent) end)
        end)
        aLiYun.on("receive", function(topic, qos, payload)
          log.info("e2e.thing", topic, payload)
          if topic == THING .. "service/property/set" then
            local id = payload:match('"id":"(%d+)"')
            aLiYun.publish(THING .. "service/property/set_reply", '{"id":"' .. id .. '","code":200,"data":{}}', 0)
          end
        end)
        """;

    [Fact]
    public async Task Property_post_gets_460_for_a_type_error_and_200_otherwise_and_a_property_set_gets_its_set_reply()
    {
        await using var world = await AliyunWorld.StartAsync(RegistryWithThingModel());
        using var project = LuaProject.WithMain(FlowScripts.Direct() + "\n" + Body);
        await using var run = world.Run(project);

        var refused = await run.WaitForLineAsync("[I]-[e2e.thing]", "post_reply", "\"id\":\"1\"");
        var accepted = await run.WaitForLineAsync("[I]-[e2e.thing]", "post_reply", "\"id\":\"2\"");
        await run.WaitForLineAsync("[I]-[e2e.posted]", "true");
        var set = await world.Cloud.Things.SetPropertiesAsync(TestRegistry.ProductKey, TestRegistry.DeviceName,
            new JsonObject { ["Brightness"] = 30 }, LuaRun.HangGuard);
        var received = await run.WaitForLineAsync("[I]-[e2e.thing]", "service/property/set");

        Assert.Contains("\"code\":460", refused, StringComparison.Ordinal);
        Assert.Contains("Brightness", refused, StringComparison.Ordinal);
        Assert.Contains("\"code\":200", accepted, StringComparison.Ordinal);
        Assert.Contains("\"Brightness\":30", received, StringComparison.Ordinal);
        Assert.Contains("\"code\":200", set.Reply, StringComparison.Ordinal);
    }
}
