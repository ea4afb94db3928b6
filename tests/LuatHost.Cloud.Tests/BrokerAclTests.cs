using System.Collections.Concurrent;
using LuatHost.Aliyun.Signing;
using LuatHost.Cloud.Tests.Support;
using LuatHost.Sim.Cloud.Broker;
using MQTTnet;
using MQTTnet.Protocol;

namespace LuatHost.Cloud.Tests;

public sealed class BrokerAclTests : IAsyncLifetime
{
    private const string UserGet = "/a1mxL3s6Z7m/866714043075174/user/get";
    private const string UserUpdate = "/a1mxL3s6Z7m/866714043075174/user/update";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<MqttApplicationMessage> _received = new();
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
        _device.ApplicationMessageReceivedAsync += e =>
        {
            _received.Enqueue(e.ApplicationMessage);
            return Task.CompletedTask;
        };
    }

    public async Task DisposeAsync()
    {
        _device.Dispose();
        await _cloud.DisposeAsync();
    }

    [Fact]
    public async Task Device_publishes_and_subscribes_inside_its_acl()
    {
        var subscribed = await _device.SubscribeAsync(UserGet, MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, subscribed.Items.Single().ResultCode);

        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _device.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(e.ApplicationMessage.Topic + " " + e.ApplicationMessage.ConvertPayloadToString());
            return Task.CompletedTask;
        };
        await _cloud.Cloud.PublishToDeviceAsync(Tutorial.ProductKey, Tutorial.DeviceName, UserGet, "hello device", qos: 1);
        Assert.Equal(UserGet + " hello device", await received.Task.WaitAsync(Guard));

        await _device.PublishAsync(MqttDevice.Message(UserUpdate, "HelloWorld", qos: 1));
        var logged = await _cloud.Cloud.Messages.WaitForAsync(m => m.Topic == UserUpdate).WaitAsync(Guard);
        Assert.Equal("HelloWorld", logged.PayloadText);
        Assert.Equal(1, logged.Qos);
        Assert.Equal("a1mxL3s6Z7m/866714043075174", logged.Sender);
    }

    [Theory]
    [InlineData("/a1mxL3s6Z7m/866714043075175/user/get")]
    [InlineData("/a1mxL3s6Z7m/866714043075174/user/update")]
    [InlineData("#")]
    [InlineData("/a1mxL3s6Z7m/+/user/get")]
    public async Task Subscribe_outside_the_acl_gets_suback_failure(string filter)
    {
        var result = await _device.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);

        Assert.Equal(MqttClientSubscribeResultCode.UnspecifiedError, result.Items.Single().ResultCode);
        Assert.Empty(_subscriptions);
    }

    [Fact]
    public async Task Accepted_subscription_is_reported_with_the_device_the_filter_and_the_granted_qos()
    {
        await _device.SubscribeAsync(UserGet, MqttQualityOfServiceLevel.ExactlyOnce);

        // LocalCloud.DeviceSubscribed is raised before the SUBACK goes out, so it is there when SubscribeAsync returns.
        Assert.Equal([new DeviceSubscription(Tutorial.ProductKey, Tutorial.DeviceName, UserGet, 1)], _subscriptions);
    }

    [Fact]
    public async Task A_message_pushed_from_the_subscription_event_reaches_the_new_subscriber()
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

    [Fact]
    public async Task Subscribe_with_qos_2_is_granted_as_qos_1()
    {
        var result = await _device.SubscribeAsync("/sys/a1mxL3s6Z7m/866714043075174/thing/#", MqttQualityOfServiceLevel.ExactlyOnce);

        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, result.Items.Single().ResultCode);
    }

    [Fact]
    public async Task Unauthorised_publish_is_neither_delivered_nor_logged()
    {
        // The device listens on its own /user/get, then publishes there, which only the cloud may do.
        await _device.SubscribeAsync(UserGet, MqttQualityOfServiceLevel.AtLeastOnce);
        await _device.PublishAsync(MqttDevice.Message(UserGet, "forged", qos: 1));

        // A cloud message sent afterwards is delivered in order, so once it arrives the forged one would have too.
        var marker = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _device.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.ConvertPayloadToString() == "marker")
            {
                marker.TrySetResult();
            }

            return Task.CompletedTask;
        };
        await _cloud.Cloud.PublishToDeviceAsync(Tutorial.ProductKey, Tutorial.DeviceName, UserGet, "marker", qos: 1);
        await marker.Task.WaitAsync(Guard);

        Assert.DoesNotContain(_received, m => m.ConvertPayloadToString() == "forged");
        Assert.DoesNotContain(_cloud.Cloud.Messages.Snapshot(), m => m.PayloadText == "forged");
        Assert.True(_device.IsConnected);
    }
}
