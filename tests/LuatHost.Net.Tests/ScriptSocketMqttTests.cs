using System.Text;
using LuatHost.Net.Tests.Support;
using LuatHost.Runtime;
using LuatHost.Scripting;
using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests;

/// <summary>The C# scripts' `socket` and `mqtt` globals over the same module links and MQTT client as the Lua libraries.</summary>
public sealed class ScriptSocketMqttTests : IAsyncLifetime
{
    private const string EchoHost = "echo.example.test";
    private const string BrokerHost = "broker.example.test";
    private readonly EchoServer _echo = new();
    private LocalBroker _broker = null!;
    private ModemLink _link = null!;

    public async Task InitializeAsync()
    {
        _broker = await LocalBroker.StartAsync();
        _link = await ModemLink.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap()
                .Add(EchoHost, "127.0.0.1", _echo.TcpPort, RemoteProtocol.Tcp)
                .Add(EchoHost, "127.0.0.1", _echo.UdpPort, RemoteProtocol.Udp)
                .Add(BrokerHost, "127.0.0.1", _broker.Port, RemoteProtocol.Tcp),
        });
    }

    public async Task DisposeAsync()
    {
        await _link.DisposeAsync();
        await _broker.DisposeAsync();
        await _echo.DisposeAsync();
    }

    [Fact]
    public async Task Socket_global_echoes_binary_bytes_and_times_out_with_luats_word()
    {
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, _ => { }, new ScriptDevice(_link.Modem));
        byte[] sent = [0, 13, 10, 255, .. "hello"u8];

        await using var c = await globals.socket.TcpAsync(EchoHost, 7000);
        Assert.True(await c.SendAsync(sent));
        var got = new List<byte>();
        while (got.Count < sent.Length)
        {
            var answer = await c.RecvAsync(10000);
            Assert.True(answer.Ok, answer.Error);
            got.AddRange(answer.Data);
        }
        Assert.Equal(sent, got);
        Assert.Equal("timeout", (await c.RecvAsync(200)).Error);
    }

    [Fact]
    public async Task Socket_global_udp_sends_one_datagram_per_send_and_refuses_one_longer_than_the_module_sends()
    {
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, _ => { }, new ScriptDevice(_link.Modem));

        await using var u = await globals.socket.UdpAsync(EchoHost, 7001);
        Assert.True(await u.SendAsync(new byte[] { 1, 0, 13, 10, 2 }));
        Assert.True(await u.SendAsync("second"));
        var first = await u.RecvAsync(10000);
        var second = await u.RecvAsync(10000);
        Assert.True(first.Ok && second.Ok, first.Error ?? second.Error);
        Assert.Equal(new byte[] { 1, 0, 13, 10, 2 }, first.Data); // datagram boundaries kept: not "…second" run together
        Assert.Equal("second", second.Text);
        var refusal = await Assert.ThrowsAnyAsync<ArgumentException>(() => u.SendAsync(new byte[Modem.Sockets.SendChunkBytes + 1]));
        Assert.Contains("at most 1460", refusal.Message);
    }

    [Fact]
    public async Task Mqtt_global_publishes_qos1_receives_it_back_and_reports_a_refusal_code()
    {
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, _ => { }, new ScriptDevice(_link.Modem));

        await using var refused = globals.mqtt.client("cs-bad", 60, LocalBroker.User, "wrong");
        var outcome = await refused.ConnectAsync(BrokerHost, 1883);
        Assert.Equal((false, 4), (outcome.Connected, outcome.ReturnCode));

        await using var c = globals.mqtt.client("cs-good", 60, LocalBroker.User, LocalBroker.Password);
        Assert.True((await c.ConnectAsync(BrokerHost, 1883)).Connected);
        Assert.True(await c.SubscribeAsync("/cs/echo", 1));
        Assert.True(await c.PublishAsync("/cs/echo", "hi from C#", 1));
        var message = await c.ReceiveAsync(10000);
        Assert.NotNull(message);
        Assert.Equal(("/cs/echo", "hi from C#", 1), (message.Topic, Encoding.UTF8.GetString(message.Payload), message.Qos));
        Assert.Null(await c.ReceiveAsync(200));
    }
}
