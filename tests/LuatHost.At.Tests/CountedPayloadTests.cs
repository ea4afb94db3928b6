using System.Text;
using LuatHost.Modem;

namespace LuatHost.At.Tests;

public sealed class CountedPayloadTests
{
    [Fact]
    public async Task Msub_payload_containing_CRLF_and_OK_is_read_by_length_and_does_not_complete_a_pending_command()
    {
        await using var h = new EngineHarness(echo: true);
        var received = new TaskCompletionSource<MqttMessage>();
        h.Modem.Mqtt.MessageReceived += m => received.TrySetResult(m);
        var payload = "{\r\n\"a\":1,\r\nOK\r\n}";
        h.Module.On("AT+CSQ", async x =>
        {
            await x.SendAsync($"\r\n+MSUB: \"/pk/dn/user/get\",{Encoding.UTF8.GetByteCount(payload)} byte,{payload}\r\n");
            await x.SendAsync("\r\n+CSQ: 18,99\r\n\r\nOK\r\n");
        });

        var csq = await h.Modem.Identity.GetSignalQualityAsync().Guarded();
        var message = await received.Task.Guarded();

        Assert.Equal(18, csq.Rssi);
        Assert.Equal("/pk/dn/user/get", message.Topic);
        Assert.Equal(payload, message.PayloadText);
    }

    [Fact]
    public async Task Msub_binary_payload_split_across_writes_arrives_intact()
    {
        await using var h = new EngineHarness();
        var received = new TaskCompletionSource<MqttMessage>();
        h.Modem.Mqtt.MessageReceived += m => received.TrySetResult(m);
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var frame = Encoding.ASCII.GetBytes("+MSUB: \"t,with,commas\",256 byte,").Concat(payload).Concat("\r\n"u8.ToArray()).ToArray();

        for (var i = 0; i < frame.Length; i += 7)
        {
            await h.Module.SendAsync(frame[i..Math.Min(i + 7, frame.Length)]);
        }
        var message = await received.Task.Guarded();

        Assert.Equal("t,with,commas", message.Topic);
        Assert.Equal(payload, message.Payload);
    }

    [Fact]
    public async Task Msub_topic_that_itself_contains_a_length_and_byte_is_not_mistaken_for_the_header()
    {
        await using var h = new EngineHarness();
        var received = new TaskCompletionSource<MqttMessage>();
        h.Modem.Mqtt.MessageReceived += m => received.TrySetResult(m);

        await h.Module.SendAsync("\r\n+MSUB: \"t,2 byte,x\",4 byte,a\r\nb\r\n");
        var message = await received.Task.Guarded();

        Assert.Equal("t,2 byte,x", message.Topic);
        Assert.Equal("a\r\nb", message.PayloadText);
    }

    [Fact]
    public async Task Msub_cache_slot_form_raises_message_cached_and_msgget_returns_the_messages()
    {
        await using var h = new EngineHarness();
        var cached = new TaskCompletionSource<int>();
        h.Modem.Mqtt.MessageCached += slot => cached.TrySetResult(slot);
        h.Module.On("AT+MQTTMSGGET", "\r\n+MSUB: \"a/b\",5 byte,he\r\nl\r\n+MSUB: \"c\",2 byte,ok\r\n\r\nOK\r\n");

        await h.Module.SendAsync("\r\n+MSUB: 2\r\n");
        var slot = await cached.Task.Guarded();
        var messages = await h.Modem.Mqtt.GetCachedMessagesAsync().Guarded();

        Assert.Equal(2, slot);
        Assert.Equal([("a/b", "he\r\nl"), ("c", "ok")], messages.Select(m => (m.Topic, m.PayloadText)));
    }

    [Fact]
    public async Task Httpread_payload_with_CRLF_is_returned_byte_exact()
    {
        await using var h = new EngineHarness(echo: true);
        var body = "{\"code\":200,\r\n\"data\":{\"iotToken\":\"x\"}}\r\nOK\r\n";
        var length = Encoding.UTF8.GetByteCount(body);
        h.Module.On("AT+HTTPREAD", $"\r\n+HTTPREAD: {length}\r\n{body}\r\nOK\r\n");

        var read = await h.Modem.Http.ReadBodyAsync().Guarded();

        Assert.Equal(body, Encoding.UTF8.GetString(read));
    }

    [Fact]
    public async Task Httpread_of_zero_bytes_returns_an_empty_body()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+HTTPREAD", "\r\n+HTTPREAD: 0\r\n\r\nOK\r\n");

        var read = await h.Modem.Http.ReadBodyAsync().Guarded();

        Assert.Empty(read);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r")]
    [InlineData("\r\n")]
    public async Task Httpread_payload_starts_right_after_the_header_line_end_whatever_its_shape(string lineEnd)
    {
        await using var h = new EngineHarness();
        // A lone CR followed by LF is read as CRLF, so this payload starts with another byte.
        h.Module.On("AT+HTTPREAD", $"+HTTPREAD: 4{lineEnd}a\nb\r\r\nOK\r\n");

        var read = await h.Modem.Http.ReadBodyAsync().Guarded();

        Assert.Equal("a\nb\r", Encoding.ASCII.GetString(read));
    }
}
