using LuatHost.Aliyun;
using LuatHost.EndToEnd.Tests.Support;
using LuatHost.Modem;

namespace LuatHost.EndToEnd.Tests;

/// <summary>The service alone, as the C# script face uses it: no Lua, same module and cloud.</summary>
public sealed class ClientServiceTests
{
    public ClientServiceTests() => LogCapture.Install();

    [Fact]
    public async Task Qos1_publish_completes_after_PUBACK_and_cached_messages_are_read_with_MQTTMSGGET()
    {
        await using var world = await AliyunWorld.StartAsync();
        await using var client = new AliyunClient(world.Modem) { MessageMode = MqttMessageMode.Cached };
        var connected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var received = new TaskCompletionSource<AliyunMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += ok => connected.TrySetResult(ok);
        client.MessageReceived += m => received.TrySetResult(m);
        client.SetConnectMode(new DirectConnectEndpoint());
        client.Subscribe(TestRegistry.GetTopic(), 1);
        client.Setup(new AliyunDevice(TestRegistry.ProductKey, null, DeviceCredentialSource.Fixed(TestRegistry.DeviceName, TestRegistry.DeviceSecret)));

        Assert.True(await connected.Task.WaitAsync(LuaRun.HangGuard));
        Assert.True(await client.PublishAsync(TestRegistry.UpdateTopic(), "from C#", 1).WaitAsync(LuaRun.HangGuard));
        Assert.Contains(world.Cloud.Messages.Snapshot(), m => m.PayloadText == "from C#" && m.Qos == 1);

        await world.Cloud.PublishToDeviceAsync(TestRegistry.ProductKey, TestRegistry.DeviceName, TestRegistry.GetTopic(), "cached\r\nmessage", 1);
        var message = await received.Task.WaitAsync(LuaRun.HangGuard);
        Assert.Equal("cached\r\nmessage", message.PayloadText);
        Assert.Equal(1, message.Qos);
    }

    [Fact]
    public async Task Direct_connect_over_tls_uses_SSLMIPSTART_and_securemode_2()
    {
        await using var world = await AliyunWorld.StartAsync();
        await using var client = new AliyunClient(world.Modem);
        var connected = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += ok => connected.TrySetResult(ok);
        client.SetConnectMode(new DirectConnectEndpoint(Tls: true));
        client.Setup(new AliyunDevice(TestRegistry.ProductKey, null, DeviceCredentialSource.Fixed(TestRegistry.DeviceName, TestRegistry.DeviceSecret)));

        Assert.True(await connected.Task.WaitAsync(LuaRun.HangGuard));
        Assert.True(await client.PublishAsync(TestRegistry.UpdateTopic(), "over TLS", 1).WaitAsync(LuaRun.HangGuard));
        Assert.Contains("securemode=2", world.Cloud.ConnectedClients().Single().ClientId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Link_drop_with_a_qos1_publish_in_flight_reconnects_at_once_and_sends_it_again()
    {
        await using var world = await AliyunWorld.StartAsync();
        // No acknowledgement timeout can end the wait: only CLOSED can make the client move on.
        var modem = new Air724(world.Engine, new ModemTimeouts { MqttAck = TimeSpan.FromHours(1) });
        await using var client = new AliyunClient(modem);
        var connects = new System.Collections.Concurrent.ConcurrentQueue<bool>();
        var firstConnect = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.Connected += ok =>
        {
            connects.Enqueue(ok);
            firstConnect.TrySetResult();
        };
        client.SetConnectMode(new DirectConnectEndpoint());
        client.Setup(new AliyunDevice(TestRegistry.ProductKey, null, DeviceCredentialSource.Fixed(TestRegistry.DeviceName, TestRegistry.DeviceSecret)));
        await firstConnect.Task.WaitAsync(LuaRun.HangGuard);

        // The PUBACK is held back by the module, and the broker link drops before it is printed.
        world.Module.Faults.UrcLatency = TimeSpan.FromSeconds(2);
        var published = client.PublishAsync(TestRegistry.UpdateTopic(), "in flight", 1);
        await world.Cloud.Messages.WaitForAsync(m => m.PayloadText == "in flight").WaitAsync(LuaRun.HangGuard);
        await world.Module.Faults.DropBrokerLinkAsync();
        world.Module.Faults.UrcLatency = TimeSpan.Zero;

        Assert.True(await published.WaitAsync(LuaRun.HangGuard));
        Assert.Equal(2, world.Cloud.Messages.Snapshot().Count(m => m.PayloadText == "in flight"));
        Assert.Equal([true, false, true], connects.Take(3));
    }

    [Fact]
    public void An_oversize_payload_is_refused_at_once_with_the_limit_named()
    {
        var client = new AliyunClient(new Air724(new At.AtEngine(new MemoryStream(), Air724Dialect.Table)));
        var error = Assert.Throws<ArgumentException>(() => { _ = client.PublishAsync("/t", new byte[ModemLimits.MqttPayloadBytes + 1], 1); });
        Assert.Contains("4100", error.Message, StringComparison.Ordinal);
    }
}
