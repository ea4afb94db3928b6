using System.Buffers;
using System.Text;
using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>
/// The host's publish on a module that refuses AT+MPUBEX (8910 firmware may lack it, docs/air724-at.md §10): long
/// text goes as escaped AT+MPUB, binary as hex under AT+MQTTMODE=1, and what cannot fit one AT+MPUB is refused with
/// one clear message before anything is sent — checked at the broker, byte for byte.
/// </summary>
public sealed class MpubexFallbackTests : IAsyncLifetime
{
    private const string UpdateTopic = "/a1mxL3s6Z7m/866714043075174/user/update";
    private LocalWorld _world = null!;
    private EngineOnModule _rig = null!;

    private Air724 Modem => _rig.Modem;

    public async Task InitializeAsync()
    {
        _world = await LocalWorld.StartAsync();
        _rig = await EngineOnModule.StartAsync(_world.Options(mpubexSupported: false));
        await Modem.Mqtt.ConfigureAsync(LocalWorld.Imei, LocalWorld.IotId, LocalWorld.IotToken);
        await Modem.Mqtt.StartAsync(LocalWorld.MqttHost, 1883, tls: true);
        await Modem.Mqtt.ConnectAsync(cleanSession: true, keepAliveSeconds: 120);
    }

    public async Task DisposeAsync()
    {
        await _rig.DisposeAsync();
        await _world.DisposeAsync();
    }

    [Fact]
    public async Task Long_text_with_quotes_and_line_breaks_falls_back_to_escaped_mpub_and_arrives_byte_exact()
    {
        // 1 500 bytes escaping to 2 100: past the host's AT+MPUBEX threshold, within AT+MPUB's 4 100.
        var first = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"k\":\"v\"}\r\n0123", 100)));
        var second = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("第二条\"", 200)));

        await Modem.Mqtt.PublishAsync(UpdateTopic, first, qos: 1);
        await Modem.Mqtt.PublishAsync(UpdateTopic, second, qos: 1);

        Assert.Equal(first, Payload(await _world.Broker.NextPublishedAsync()));
        Assert.Equal(second, Payload(await _world.Broker.NextPublishedAsync()));
    }

    [Fact]
    public async Task Binary_payload_goes_as_hex_under_mqttmode_and_text_after_it_is_read_as_text_again()
    {
        var binary = Enumerable.Range(0, 600).Select(i => (byte)(i * 7)).Concat(new byte[] { 0, 0x1A, 13, 10, 34, 92 }).ToArray();

        await Modem.Mqtt.PublishAsync(UpdateTopic, binary, qos: 1);
        await Modem.Mqtt.PublishAsync(UpdateTopic, "313233", qos: 1);

        Assert.Equal(binary, Payload(await _world.Broker.NextPublishedAsync()));
        Assert.Equal("313233"u8.ToArray(), Payload(await _world.Broker.NextPublishedAsync()));
    }

    [Fact]
    public async Task What_cannot_fit_one_mpub_is_refused_with_one_clear_message_and_the_session_goes_on()
    {
        var quotes = Encoding.ASCII.GetBytes(new string('"', 1400)); // 1 400 bytes escaping to 4 200
        var binary = new byte[2051];
        binary[0] = 0xFF;

        var text = await Assert.ThrowsAsync<AtArgumentException>(() => Modem.Mqtt.PublishAsync(UpdateTopic, quotes, qos: 1));
        var bytes = await Assert.ThrowsAsync<AtArgumentException>(() => Modem.Mqtt.PublishAsync(UpdateTopic, binary, qos: 1));
        await Modem.Mqtt.PublishAsync(UpdateTopic, "still connected", qos: 1);

        Assert.Contains("escapes to 4200 bytes", text.Message, StringComparison.Ordinal);
        Assert.Contains("no AT+MPUBEX", text.Message, StringComparison.Ordinal);
        Assert.Contains("at most 2050 bytes", bytes.Message, StringComparison.Ordinal);
        Assert.Equal("still connected"u8.ToArray(), Payload(await _world.Broker.NextPublishedAsync()));
    }

    private static byte[] Payload((string ClientId, MQTTnet.MqttApplicationMessage Message) published) => published.Message.Payload.ToArray();
}
