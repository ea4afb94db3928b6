using System.Text;
using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>
/// The tutorial flows replayed through the real AT engine and the Air724 dialect (Host.Libs/At, Host.Libs/Modem)
/// against the virtual module over an in-memory duplex, with the real broker and HTTPS server behind it.
/// </summary>
public sealed class EngineFlowTests : IAsyncLifetime
{
    private const string UpdateTopic = "/a1mxL3s6Z7m/866714043075174/user/update";
    private const string GetTopic = "/a1mxL3s6Z7m/866714043075174/user/get";
    private LocalWorld _world = null!;
    private EngineOnModule _rig = null!;

    private Sim.Module.VirtualModule Module => _rig.Module;

    private Air724 Modem => _rig.Modem;

    public async Task InitializeAsync()
    {
        _world = await LocalWorld.StartAsync();
        _rig = await EngineOnModule.StartAsync(_world.Options());
    }

    public async Task DisposeAsync()
    {
        await _rig.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Network_bring_up_through_the_engine_reaches_ip_status()
    {
        Assert.Equal("AirM2M_Air724UG_V409_LTE_AT", await Modem.Identity.GetFirmwareVersionAsync());
        Assert.Equal(LocalWorld.Imei, await Modem.Identity.GetImeiAsync());
        Assert.True((await Modem.Identity.GetSimStatusAsync()).IsReady);
        Assert.True(await Modem.Network.IsAttachedAsync());
        await Modem.Network.SetApnAsync();
        await Modem.Network.OpenBearerAsync();
        await Modem.Network.ActivateContextAsync();
        Assert.Equal("100.86.47.178", (await Modem.Network.GetLocalIpAsync()).ToString());
        Assert.Equal("IP STATUS", await Modem.Network.GetConnectionStateAsync());
        Assert.True((await Modem.Network.QueryBearerAsync()).IsConnected);
    }

    [Fact]
    public async Task Http_auth_post_through_the_engine_returns_the_token_json()
    {
        await Modem.Network.OpenBearerAsync();
        await Modem.Http.InitAsync();
        await Modem.Http.SetUrlAsync("https://iot-auth.cn-shanghai.aliyuncs.com/auth/devicename");
        await Modem.Http.AddHeaderAsync("Content-Type: application/x-www-form-urlencoded");
        await Modem.Http.WriteBodyAsync(Encoding.ASCII.GetBytes(Vectors.SeedHttpAuthBody));
        var result = await Modem.Http.ActionAsync(HttpAction.Post);
        Assert.Equal((1, 200, 124), (result.Method, result.StatusCode, result.ContentLength));
        Assert.Equal(AuthHttpServer.TokenJson, Encoding.ASCII.GetString(await Modem.Http.ReadBodyAsync()));
        await Modem.Http.TerminateAsync();
    }

    [Fact]
    public async Task Mqtt_connect_publish_and_receive_through_the_engine()
    {
        var received = new TaskCompletionSource<MqttMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        Modem.Mqtt.MessageReceived += message => received.TrySetResult(message);
        await Modem.Mqtt.ConfigureAsync(LocalWorld.Imei, LocalWorld.IotId, LocalWorld.IotToken);
        Assert.False(await Modem.Mqtt.StartAsync(LocalWorld.MqttHost, 1883, tls: true));
        await Modem.Mqtt.ConnectAsync(cleanSession: true, keepAliveSeconds: 120);
        Assert.Equal(MqttState.Connected, await Modem.Mqtt.GetStateAsync());

        await Modem.Mqtt.PublishAsync(UpdateTopic, "HelloWorld", qos: 0);
        await Modem.Mqtt.PublishAsync(UpdateTopic, "{\"quote\":\"\\\"\",\"lines\":\"a\r\nb\"}", qos: 1);
        Assert.Equal("HelloWorld", PayloadText(await _world.Broker.NextPublishedAsync()));
        Assert.Equal("{\"quote\":\"\\\"\",\"lines\":\"a\r\nb\"}", PayloadText(await _world.Broker.NextPublishedAsync()));

        await Modem.Mqtt.SubscribeAsync(GetTopic, 0);
        await _world.Broker.PublishToDeviceAsync(GetTopic, "line1\r\nline2"u8.ToArray());
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(GetTopic, message.Topic);
        Assert.Equal("line1\r\nline2", message.PayloadText);
    }

    [Fact]
    public async Task Messages_from_the_broker_reach_the_host_in_the_order_the_broker_sent_them()
    {
        const int count = 40;
        var received = new List<string>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Modem.Mqtt.MessageReceived += message =>
        {
            lock (received)
            {
                received.Add(message.PayloadText);
                if (received.Count == count)
                {
                    all.TrySetResult();
                }
            }
        };
        await Modem.Mqtt.ConfigureAsync(LocalWorld.Imei, LocalWorld.IotId, LocalWorld.IotToken);
        await Modem.Mqtt.StartAsync(LocalWorld.MqttHost, 1883, tls: true);
        await Modem.Mqtt.ConnectAsync(true, 120);
        await Modem.Mqtt.SubscribeAsync(GetTopic, 1);
        for (var i = 0; i < count; i++)
        {
            await _world.Broker.PublishToDeviceAsync(GetTopic, Encoding.ASCII.GetBytes("m" + i));
        }
        await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, count).Select(i => "m" + i), received);
    }

    [Fact]
    public async Task Cache_mode_through_the_engine_reads_back_the_cached_messages()
    {
        var cached = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Modem.Mqtt.MessageCached += slot => cached.TrySetResult(slot);
        await Modem.Mqtt.ConfigureAsync(LocalWorld.Imei, LocalWorld.IotId, LocalWorld.IotToken);
        await Modem.Mqtt.StartAsync(LocalWorld.MqttHost, 1883, tls: true);
        await Modem.Mqtt.ConnectAsync(true, 120);
        await Modem.Mqtt.SubscribeAsync(GetTopic, 1);
        await Modem.Mqtt.SetMessageModeAsync(MqttMessageMode.Cached);
        await _world.Broker.PublishToDeviceAsync(GetTopic, "cached"u8.ToArray());
        Assert.Equal(0, await cached.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        var messages = await Modem.Mqtt.GetCachedMessagesAsync();
        Assert.Equal("cached", Assert.Single(messages).PayloadText);
    }

    [Fact]
    public async Task Broker_drop_reaches_the_engine_as_connection_lost()
    {
        var lost = new TaskCompletionSource<MqttConnectionLoss>(TaskCreationOptions.RunContinuationsAsynchronously);
        Modem.Mqtt.ConnectionLost += reason => lost.TrySetResult(reason);
        await Modem.Mqtt.ConfigureAsync(LocalWorld.Imei, LocalWorld.IotId, LocalWorld.IotToken);
        await Modem.Mqtt.StartAsync(LocalWorld.MqttHost, 1883, tls: true);
        await Modem.Mqtt.ConnectAsync(true, 120);
        await Module.Faults.DropBrokerLinkAsync();
        Assert.Equal(MqttConnectionLoss.Closed, await lost.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.Equal(MqttState.Offline, await Modem.Mqtt.GetStateAsync());
    }

    private static string PayloadText((string ClientId, MQTTnet.MqttApplicationMessage Message) published) =>
        Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(published.Message.Payload));
}
