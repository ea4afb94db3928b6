using System.Text;
using LuatHost.Modem;

namespace LuatHost.Modem.Tests;

public sealed class MqttDialectTests
{
    [Fact]
    public async Task Mpub_escaping_round_trips_quotes_line_breaks_and_backslashes()
    {
        await using var h = new EngineHarness();
        var original = "{\"msg\":\"a\\b\"}\r\nline2 \\22 literal 中文";
        var received = new TaskCompletionSource<byte[]>();
        h.Module.On($"AT+MPUB=\"/pk/dn/user/update\",1,0,\"{MqttPayloadEscaping.Escape(original)}\"", async x =>
        {
            // The module's side: cut the quoted message out of the command and unescape it.
            var quoted = x.Command[(x.Command.IndexOf(",1,0,\"", StringComparison.Ordinal) + 6)..^1];
            received.TrySetResult(UnescapeAsTheModuleDoes(quoted));
            await x.SendAsync("\r\nOK\r\n\r\nPUBACK\r\n");
        });

        await h.Modem.Mqtt.PublishAsync("/pk/dn/user/update", original, qos: 1).Guarded();

        Assert.Equal(original, Encoding.UTF8.GetString(await received.Task.Guarded()));
    }

    /// <summary>The scripted peer's decoder, written apart from the host's encoder so the round trip checks both.</summary>
    private static byte[] UnescapeAsTheModuleDoes(string wire)
    {
        var utf8 = Encoding.UTF8.GetBytes(wire);
        var output = new List<byte>(utf8.Length);
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\\' && i + 2 < utf8.Length && char.IsAsciiHexDigit((char)utf8[i + 1]) && char.IsAsciiHexDigit((char)utf8[i + 2]))
            {
                output.Add(Convert.FromHexString(Encoding.ASCII.GetString(utf8, i + 1, 2))[0]);
                i += 2;
                continue;
            }
            output.Add(utf8[i]);
        }
        return [.. output];
    }

    [Fact]
    public void Escaping_uses_backslash_hex_for_the_four_special_characters_only() =>
        Assert.Equal("{\\22v\\22:1}\\0D\\0A\\5C", MqttPayloadEscaping.Escape("{\"v\":1}\r\n\\"));

    [Fact]
    public async Task Oversize_payload_topic_and_quoted_credentials_are_refused_before_sending()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT", "\r\nOK\r\n");

        var payload = await Assert.ThrowsAsync<AtArgumentException>(() => h.Modem.Mqtt.PublishAsync("t", new byte[4101])).Guarded();
        var topic = await Assert.ThrowsAsync<AtArgumentException>(() => h.Modem.Mqtt.SubscribeAsync(new string('t', 257))).Guarded();
        var quote = await Assert.ThrowsAsync<AtArgumentException>(() => h.Modem.Mqtt.ConfigureAsync("id\"", "u", "p")).Guarded();
        var qos = await Assert.ThrowsAsync<AtArgumentException>(() => h.Modem.Mqtt.SubscribeAsync("t", 3)).Guarded();
        await h.Modem.Identity.PingAsync().Guarded();

        Assert.Contains("4101 bytes; the module publishes at most 4100", payload.Message);
        Assert.Contains("topic is 257 bytes", topic.Message);
        Assert.Contains("client id contains a double quote", quote.Message);
        Assert.Contains("QoS is 3", qos.Message);
        Assert.Equal(["AT"], h.Module.Commands);
    }

    [Fact]
    public async Task Full_mqtt_session_from_the_reference_transcript_runs_in_order()
    {
        await using var h = new EngineHarness(echo: true);
        var messages = new TaskCompletionSource<MqttMessage>();
        h.Modem.Mqtt.MessageReceived += m => messages.TrySetResult(m);
        h.Module
            .On("AT+MCONFIG=\"id\",\"user\",\"pwd1\"", "\r\nOK\r\n")
            .On("AT+MIPSTART=\"host\",1883", "\r\nOK\r\n", "\r\nCONNECT OK\r\n")
            .On("AT+MCONNECT=1,300", "\r\nOK\r\n", "\r\nCONNACK OK\r\n")
            .On("AT+MSUB=\"t/in\",0", "\r\nOK\r\n", "\r\nSUBACK\r\n")
            .On("AT+MPUB=\"t/out\",1,0,\"{\\22v\\22:1}\"", "\r\nOK\r\n", "\r\nPUBACK\r\n", "\r\n+MSUB: \"t/in\",5 byte,hello\r\n")
            .On("AT+MQTTSTATU", "\r\n+MQTTSTATU :1\r\n\r\nOK\r\n")
            .On("AT+MDISCONNECT", "\r\nOK\r\n")
            .On("AT+MIPCLOSE", "\r\nOK\r\n");
        var mqtt = h.Modem.Mqtt;

        await mqtt.ConfigureAsync("id", "user", "pwd1").Guarded();
        await mqtt.StartAsync("host", 1883).Guarded();
        await mqtt.ConnectAsync().Guarded();
        await mqtt.SubscribeAsync("t/in").Guarded();
        await mqtt.PublishAsync("t/out", "{\"v\":1}", qos: 1).Guarded();
        var message = await messages.Task.Guarded();
        var state = await mqtt.GetStateAsync().Guarded();
        await mqtt.DisconnectAsync().Guarded();
        await mqtt.CloseAsync().Guarded();

        Assert.Equal(("t/in", "hello"), (message.Topic, message.PayloadText));
        Assert.Equal(MqttState.Connected, state);
    }

    [Fact]
    public async Task Pdp_deactivation_raises_connection_lost_and_the_network_event()
    {
        await using var h = new EngineHarness();
        var lost = new TaskCompletionSource<MqttConnectionLoss>();
        var pdp = new TaskCompletionSource<string>();
        h.Modem.Mqtt.ConnectionLost += r => lost.TrySetResult(r);
        h.Modem.Network.PdpDeactivated += line => pdp.TrySetResult(line);

        await h.Module.SendAsync("\r\n+CGEV: NW PDN DEACT 1\r\n");

        Assert.Equal(MqttConnectionLoss.PdpDeactivated, await lost.Task.Guarded());
        Assert.Equal("+CGEV: NW PDN DEACT 1", await pdp.Task.Guarded());
    }
}
