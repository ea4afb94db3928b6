using System.Net;
using System.Net.Http.Json;
using LuatHost.Aliyun.Signing;
using LuatHost.Cloud.Tests.Support;
using LuatHost.Sim.Cloud.Http;
using MQTTnet;
using MQTTnet.Protocol;

namespace LuatHost.Cloud.Tests;

public sealed class AdminEndpointTests
{
    [Fact]
    public async Task Admin_publish_reaches_a_subscribed_device_and_admin_devices_shows_it_online()
    {
        await using var test = await TestCloud.StartAsync();
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);
        var (device, code) = await MqttDevice.ConnectAsync(test.Cloud.MqttEndpoint, credentials.ClientId, credentials.Username, credentials.Password);
        using var _ = device;
        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await device.SubscribeAsync("/a1mxL3s6Z7m/866714043075174/user/get", MqttQualityOfServiceLevel.AtLeastOnce);
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        using var http = new HttpClient { BaseAddress = test.Cloud.HttpBaseUri };

        using var publish = await http.PostAsJsonAsync("admin/publish",
            new AdminPublishRequest(Tutorial.ProductKey, Tutorial.DeviceName, "/a1mxL3s6Z7m/866714043075174/user/get", "{\"LED\":1}", null, 1));
        var rows = await http.GetFromJsonAsync<AdminDeviceRow[]>("admin/devices");

        Assert.Equal(HttpStatusCode.OK, publish.StatusCode);
        Assert.Equal("{\"LED\":1}", await received.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        var row = Assert.Single(rows!, r => r.DeviceName == Tutorial.DeviceName);
        Assert.True(row.Online);
        Assert.Equal(credentials.ClientId, row.ClientId);
        Assert.Contains(test.Cloud.Messages.Snapshot(), m => m.FromCloud && m.PayloadText == "{\"LED\":1}");
    }

    [Fact]
    public async Task Admin_publish_to_an_unknown_device_is_a_bad_request_that_names_it()
    {
        await using var test = await TestCloud.StartAsync();
        using var http = new HttpClient { BaseAddress = test.Cloud.HttpBaseUri };

        using var response = await http.PostAsJsonAsync("admin/publish",
            new AdminPublishRequest(Tutorial.ProductKey, "nope", "/a1mxL3s6Z7m/nope/user/get", "x", null, 0));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("a1mxL3s6Z7m/nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
