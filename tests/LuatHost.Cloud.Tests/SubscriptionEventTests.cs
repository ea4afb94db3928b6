using System.Collections.Concurrent;
using LuatHost.Aliyun.Signing;
using LuatHost.Cloud.Tests.Support;
using LuatHost.Sim.Cloud.Broker;
using MQTTnet;
using MQTTnet.Protocol;

namespace LuatHost.Cloud.Tests;

/// <summary>LocalCloud.DeviceSubscribed: what the cloud learns when a device subscribes.</summary>
public sealed class SubscriptionEventTests : IAsyncLifetime
{
    private const string UserGet = "/a1mxL3s6Z7m/866714043075174/user/get";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<DeviceSubscription> _subscriptions = new();
    private TestCloud _cloud = null!;
    private IMqttClient _device = null!;

    public async Task InitializeAsync()
    {
        _cloud = await TestCloud.StartAsync();
        _cloud.Cloud.DeviceSubscribed += _subscriptions.Enqueue;
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);
        var (client, code) = await MqttDevice.ConnectAsync(_cloud.Cloud.MqttEndpoint, credentials.ClientId, credentials.Username, credentials.Password);
        Assert.Equal(MqttClientConnectResultCode.Success, code);
        _device = client;
    }

    public async Task DisposeAsync()
    {
        _device.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Accepted_subscription_is_reported_with_the_device_the_filter_and_the_granted_qos()
    {
        await _device.SubscribeAsync(UserGet, MqttQualityOfServiceLevel.ExactlyOnce);

        // The event is raised before the SUBACK goes out, so it is there when SubscribeAsync returns.
        Assert.Equal([new DeviceSubscription(Tutorial.ProductKey, Tutorial.DeviceName, UserGet, 1)], _subscriptions);
    }

    [Fact]
    public async Task Refused_subscription_is_not_reported()
    {
        var result = await _device.SubscribeAsync("/someone/else/user/get", MqttQualityOfServiceLevel.AtMostOnce);

        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, result.Items.Single().ResultCode);
        Assert.Empty(_subscriptions);
    }

    [Fact]
    public async Task A_message_pushed_from_the_event_handler_reaches_the_new_subscriber()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _device.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        _cloud.Cloud.DeviceSubscribed += s => _ = _cloud.Cloud.PublishToDeviceAsync(s.ProductKey, s.DeviceName, s.TopicFilter, "welcome");

        await _device.SubscribeAsync(UserGet, MqttQualityOfServiceLevel.AtMostOnce);

        Assert.Equal("welcome", await received.Task.WaitAsync(Guard));
    }
}
