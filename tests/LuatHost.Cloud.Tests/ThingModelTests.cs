using System.Text.Json.Nodes;
using LuatHost.Cloud.Tests.Support;

namespace LuatHost.Cloud.Tests;

/// <summary>The thing model over MQTT with a real MQTTnet device (Alink JSON: docs/aliyun-iot.md §4.2 and appendix).</summary>
public sealed class ThingModelTests
{
    private const string Post = OtaDevice.ThingPrefix + "event/property/post";
    private const string PostReply = Post + "_reply";
    private const string Set = OtaDevice.ThingPrefix + "service/property/set";

    /// <summary>A TSL as the console exports it: specs values are strings.</summary>
    private static void WithThingModel(JsonObject registry)
    {
        var product = registry["products"]!.AsArray().Select(p => p!.AsObject()).Single(p => (string)p["productKey"]! == Tutorial.ProductKey);
        product["thingModel"] = JsonNode.Parse("""
            {
              "properties": [
                { "identifier": "Temperature", "accessMode": "r", "dataType": { "type": "float", "specs": { "min": "-40", "max": "120" } } },
                { "identifier": "LightSwitch", "accessMode": "rw", "dataType": { "type": "bool", "specs": { "0": "off", "1": "on" } } },
                { "identifier": "Brightness", "accessMode": "rw", "dataType": { "type": "int", "specs": { "min": "0", "max": "100" } } }
              ],
              "services": [ { "identifier": "Reboot", "callType": "async" } ],
              "events": [ { "identifier": "Overheat", "type": "alert" } ]
            }
            """);
    }

    [Fact]
    public async Task Property_post_gets_200_for_good_values_and_460_naming_a_type_or_range_error()
    {
        await using var test = await TestCloud.StartAsync(WithThingModel);
        using var device = await OtaDevice.ConnectAsync(test, PostReply);

        await device.PublishAsync(Post, """{"id":"1","version":"1.0","params":{"Temperature":{"value":23.6,"time":1524448722000},"LightSwitch":1},"method":"thing.event.property.post"}""");
        var ok = await device.NextAsync(PostReply);
        await device.PublishAsync(Post, """{"id":"2","version":"1.0","params":{"Brightness":"high"},"method":"thing.event.property.post"}""");
        var type = await device.NextAsync(PostReply);
        await device.PublishAsync(Post, """{"id":"3","version":"1.0","params":{"Temperature":130.5},"method":"thing.event.property.post"}""");
        var range = await device.NextAsync(PostReply);

        Assert.Equal(200, (int)ok["code"]!);
        Assert.Equal("1", (string)ok["id"]!);
        Assert.Equal("success", (string)ok["message"]!);
        Assert.Equal("1.0", (string)ok["version"]!);
        Assert.Empty(ok["data"]!.AsObject());
        Assert.Equal(460, (int)type["code"]!);
        Assert.Equal("2", (string)type["id"]!);
        Assert.Contains("Brightness", (string)type["message"]!, StringComparison.Ordinal);
        Assert.Contains("not an int", (string)type["message"]!, StringComparison.Ordinal);
        Assert.Equal(460, (int)range["code"]!);
        Assert.Contains("maximum 120", (string)range["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_200_properties_get_6106_and_ack_0_gets_no_reply()
    {
        await using var test = await TestCloud.StartAsync();
        using var device = await OtaDevice.ConnectAsync(test, PostReply);
        var many = new JsonObject();
        for (var i = 0; i < 201; i++) many[$"P{i}"] = i;

        await device.PublishAsync(Post, new JsonObject { ["id"] = "9", ["version"] = "1.0", ["params"] = many }.ToJsonString());
        var reply = await device.NextAsync(PostReply);
        await device.PublishAsync(Post, """{"id":"10","version":"1.0","sys":{"ack":0},"params":{"A":1}}""");

        Assert.Equal(6106, (int)reply["code"]!);
        Assert.True(await device.StaysQuietAsync(PostReply, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Property_set_reaches_the_device_and_its_set_reply_comes_back()
    {
        await using var test = await TestCloud.StartAsync(WithThingModel);
        using var device = await OtaDevice.ConnectAsync(test, Set);

        var call = test.Cloud.Things.SetPropertiesAsync(Tutorial.ProductKey, Tutorial.DeviceName, new JsonObject { ["LightSwitch"] = 1 }, TimeSpan.FromSeconds(30));
        var request = await device.NextAsync(Set);
        await device.PublishAsync(Set + "_reply", new JsonObject { ["id"] = request["id"]!.DeepClone(), ["code"] = 200, ["data"] = new JsonObject() }.ToJsonString());
        var result = await call;

        Assert.Equal("thing.service.property.set", (string)request["method"]!);
        Assert.Equal(1, (int)request["params"]!["LightSwitch"]!);
        Assert.Contains("\"code\":200", result.Reply, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Property_set_refuses_a_read_only_property_and_a_wrong_type_before_sending()
    {
        await using var test = await TestCloud.StartAsync(WithThingModel);

        var readOnly = await Assert.ThrowsAsync<ArgumentException>(() =>
            test.Cloud.Things.SetPropertiesAsync(Tutorial.ProductKey, Tutorial.DeviceName, new JsonObject { ["Temperature"] = 1.5 }, TimeSpan.Zero));
        var wrongType = await Assert.ThrowsAsync<ArgumentException>(() =>
            test.Cloud.Things.SetPropertiesAsync(Tutorial.ProductKey, Tutorial.DeviceName, new JsonObject { ["Brightness"] = "max" }, TimeSpan.Zero));

        Assert.Contains("read-only", readOnly.Message, StringComparison.Ordinal);
        Assert.Contains("Brightness", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Event_post_is_answered_on_its_post_reply()
    {
        await using var test = await TestCloud.StartAsync(WithThingModel);
        var reply = OtaDevice.ThingPrefix + "event/Overheat/post_reply";
        using var device = await OtaDevice.ConnectAsync(test, reply);

        await device.PublishAsync(OtaDevice.ThingPrefix + "event/Overheat/post", """{"id":"5","version":"1.0","params":{"value":{"T":99}},"method":"thing.event.Overheat.post"}""");
        var answer = await device.NextAsync(reply);

        Assert.Equal(200, (int)answer["code"]!);
        Assert.Equal("thing.event.Overheat.post", (string)answer["method"]!);
    }
}
