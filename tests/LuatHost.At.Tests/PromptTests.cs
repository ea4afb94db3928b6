using System.Text;
using LuatHost.Modem;

namespace LuatHost.At.Tests;

public sealed class PromptTests
{
    [Fact]
    public async Task Httpdata_sends_exactly_the_body_after_DOWNLOAD()
    {
        await using var h = new EngineHarness(echo: true);
        var body = Encoding.UTF8.GetBytes("productKey=a1&deviceName=d1&sign=ABCDEF&timestamp=1\r\n");
        h.Module.On($"AT+HTTPDATA={body.Length},10000", async x =>
        {
            await x.SendAsync("\r\nDOWNLOAD\r\n");
            await x.ReadPayloadAsync(body.Length);
            await x.SendAsync("\r\nOK\r\n");
        });

        await h.Modem.Http.WriteBodyAsync(body).Guarded();

        Assert.True(h.Module.Payloads.TryDequeue(out var sent));
        Assert.Equal(body, sent);
    }

    [Fact]
    public async Task Mpubex_sends_binary_payload_after_the_greater_than_prompt()
    {
        await using var h = new EngineHarness(echo: true);
        var payload = new byte[] { 0, 1, 0x1A, (byte)'\r', (byte)'\n', (byte)'>', 0xFF };
        h.Module.On($"AT+MPUBEX=\"/t/bin\",1,0,{payload.Length}", async x =>
        {
            await x.SendAsync("\r\n> ");
            await x.ReadPayloadAsync(payload.Length);
            await x.SendAsync("\r\nOK\r\n");
            await x.SendAsync("\r\nPUBACK\r\n");
        });

        await h.Modem.Mqtt.PublishAsync("/t/bin", payload, qos: 1).Guarded();

        Assert.True(h.Module.Payloads.TryDequeue(out var sent));
        Assert.Equal(payload, sent);
    }

    [Fact]
    public async Task A_command_that_answers_ERROR_instead_of_the_prompt_sends_no_payload()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+HTTPDATA=3,10000", "\r\nERROR\r\n");

        await Assert.ThrowsAsync<AtCommandFailedException>(() => h.Modem.Http.WriteBodyAsync("abc"u8.ToArray())).Guarded();

        Assert.Empty(h.Module.Payloads);
    }

    [Fact]
    public async Task Long_text_payloads_go_through_mpubex()
    {
        await using var h = new EngineHarness();
        var text = new string('x', ModemLimits.MpubInlineEscapedBytes + 1);
        h.Module.On($"AT+MPUBEX=\"t\",0,0,{text.Length}", async x =>
        {
            await x.SendAsync("> ");
            await x.ReadPayloadAsync(text.Length);
            await x.SendAsync("\r\nOK\r\n");
        });

        await h.Modem.Mqtt.PublishAsync("t", text).Guarded();

        Assert.True(h.Module.Payloads.TryDequeue(out var sent));
        Assert.Equal(text, Encoding.ASCII.GetString(sent));
    }
}
