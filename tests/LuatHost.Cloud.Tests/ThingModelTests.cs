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
              "services": [ { "identifier": "Reboot", "callType": "async",
                              "inputData": [ { "identifier": "Delay", "dataType": { "type": "int", "specs": { "min": "0", "max": "60" } } } ] } ],
              "events": [ { "identifier": "Overheat", "type": "alert",
                            "outputData": [ { "identifier": "T", "dataType": { "type": "float", "specs": { "min": "-40", "max": "200" } } } ] } ]
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

    [Fact]
    public async Task Event_post_gets_460_naming_a_parameter_of_the_wrong_type_out_of_range_or_undefined()
    {
        await using var test = await TestCloud.StartAsync(WithThingModel);
        var reply = OtaDevice.ThingPrefix + "event/Overheat/post_reply";
        using var device = await OtaDevice.ConnectAsync(test, reply);

        await device.PublishAsync(OtaDevice.ThingPrefix + "event/Overheat/post", """{"id":"6","version":"1.0","params":{"value":{"T":"hot"},"time":1524448722000},"method":"thing.event.Overheat.post"}""");
        var type = await device.NextAsync(reply);
        await device.PublishAsync(OtaDevice.ThingPrefix + "event/Overheat/post", """{"id":"7","version":"1.0","params":{"value":{"T":250}},"method":"thing.event.Overheat.post"}""");
        var range = await device.NextAsync(reply);
        await device.PublishAsync(OtaDevice.ThingPrefix + "event/Overheat/post", """{"id":"8","version":"1.0","params":{"value":{"Humidity":3}},"method":"thing.event.Overheat.post"}""");
        var undefined = await device.NextAsync(reply);

        Assert.Equal((460, "6"), ((int)type["code"]!, (string)type["id"]!));
        Assert.Contains("T: \"hot\" is not a float", (string)type["message"]!, StringComparison.Ordinal);
        Assert.Equal(460, (int)range["code"]!);
        Assert.Contains("T: 250 is above the maximum 200", (string)range["message"]!, StringComparison.Ordinal);
        Assert.Equal(460, (int)undefined["code"]!);
        Assert.Contains("Humidity is not a parameter of event Overheat", (string)undefined["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_call_refuses_an_input_of_the_wrong_type_out_of_range_or_undefined_before_sending_and_sends_a_good_one()
    {
        await using var test = await TestCloud.StartAsync(WithThingModel);
        var service = OtaDevice.ThingPrefix + "service/Reboot";
        using var device = await OtaDevice.ConnectAsync(test, service);

        var type = await Assert.ThrowsAsync<ArgumentException>(() =>
            test.Cloud.Things.CallServiceAsync(Tutorial.ProductKey, Tutorial.DeviceName, "Reboot", new JsonObject { ["Delay"] = "soon" }, TimeSpan.Zero));
        var range = await Assert.ThrowsAsync<ArgumentException>(() =>
            test.Cloud.Things.CallServiceAsync(Tutorial.ProductKey, Tutorial.DeviceName, "Reboot", new JsonObject { ["Delay"] = 61 }, TimeSpan.Zero));
        var undefined = await Assert.ThrowsAsync<ArgumentException>(() =>
            test.Cloud.Things.CallServiceAsync(Tutorial.ProductKey, Tutorial.DeviceName, "Reboot", new JsonObject { ["Force"] = 1 }, TimeSpan.Zero));
        var good = test.Cloud.Things.CallServiceAsync(Tutorial.ProductKey, Tutorial.DeviceName, "Reboot", new JsonObject { ["Delay"] = 5 }, TimeSpan.FromSeconds(30));
        var request = await device.NextAsync(service);

        Assert.Contains("Delay: \"soon\" is not an int", type.Message, StringComparison.Ordinal);
        Assert.Contains("Delay: 61 is above the maximum 60", range.Message, StringComparison.Ordinal);
        Assert.Contains("Force is not a parameter of service Reboot (it defines Delay)", undefined.Message, StringComparison.Ordinal);
        Assert.Equal(5, (int)request["params"]!["Delay"]!);
        Assert.Equal("thing.service.Reboot", (string)request["method"]!);
        await device.PublishAsync(service + "_reply", new JsonObject { ["id"] = request["id"]!.DeepClone(), ["code"] = 200, ["data"] = new JsonObject() }.ToJsonString());
        Assert.NotNull((await good).Reply);
    }
}
