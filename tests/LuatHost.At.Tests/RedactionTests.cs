using LuatHost.Modem;
using System.Text;
using NLog;
using NLog.Config;
using NLog.Targets;

namespace LuatHost.At.Tests;

public sealed class RedactionTests
{
    [Fact]
    public async Task Trace_shows_traffic_but_never_the_mqtt_password_sign_or_registered_secrets()
    {
        var loggerName = "LuatHost.At.Trace.RedactionTest";
        var memory = new MemoryTarget("redaction") { Layout = "${message}" };
        var config = LogManager.Configuration ?? new LoggingConfiguration();
        config.AddRule(LogLevel.Trace, LogLevel.Fatal, memory, loggerName, final: true);
        LogManager.Configuration = config;
        var redactor = new SecretRedactor(Air724Dialect.Table);
        redactor.Register("DeviceSecretXYZ123");
        await using var h = new EngineHarness(echo: true, new AtEngineOptions { Redactor = redactor, TraceLoggerName = loggerName });
        var body = "deviceName=d1&productKey=pk&sign=0A1B2C3D4E&timestamp=1"u8.ToArray();
        var answer = "{\"data\":{\"iotToken\":\"TOKEN-987654\",\"deviceSecret\":\"DS-555666777\"}}";
        h.Module.On("AT+MCONFIG=\"cid|securemode=3|\",\"d1&pk\",\"PASSWORD-HEX-0011\"", "\r\nOK\r\n");
        h.Module.On($"AT+HTTPDATA={body.Length},10000", async x => { await x.SendAsync("\r\nDOWNLOAD\r\n"); await x.ReadPayloadAsync(body.Length); await x.SendAsync("\r\nOK\r\n"); });
        h.Module.On("AT+HTTPREAD", $"\r\n+HTTPREAD: {Encoding.UTF8.GetByteCount(answer)}\r\n{answer}\r\nOK\r\n");
        h.Module.On("AT+ECHOSECRET", "\r\n+X: DeviceSecretXYZ123\r\n\r\nOK\r\n");

        await h.Modem.Mqtt.ConfigureAsync("cid|securemode=3|", "d1&pk", "PASSWORD-HEX-0011").Guarded();
        await h.Modem.Http.WriteBodyAsync(body).Guarded();
        await h.Modem.Http.ReadBodyAsync().Guarded();
        await h.Engine.ExecuteAsync("AT+ECHOSECRET").Guarded();
        LogManager.Flush();
        var trace = string.Join("\n", memory.Logs);

        Assert.Contains("AT+MCONFIG=\"cid|securemode=3|\",\"d1&pk\",***", trace);
        Assert.Contains("sign=***", trace);
        Assert.Contains("+HTTPREAD:", trace);
        foreach (var secret in new[] { "PASSWORD-HEX-0011", "0A1B2C3D4E", "TOKEN-987654", "DS-555666777", "DeviceSecretXYZ123" })
        {
            Assert.DoesNotContain(secret, trace);
        }
    }

    [Theory]
    [InlineData("\r\nSnSecretBare0123456789\r\n\r\nOK\r\n", "SnSecretBare0123456789")]
    [InlineData("\r\n+WISN: \"SnSecretQuoted0123456789\"\r\n\r\nOK\r\n", "SnSecretQuoted0123456789")]
    public async Task Sn_read_with_wisn_never_reaches_the_trace_even_before_the_host_knows_it(string answer, string sn)
    {
        // A DeviceSecret stored in the SN by an earlier run: this process has not registered it anywhere yet.
        var loggerName = "LuatHost.At.Trace.SnRedactionTest." + sn;
        var memory = new MemoryTarget("sn-redaction-" + sn) { Layout = "${message}" };
        var config = LogManager.Configuration ?? new LoggingConfiguration();
        config.AddRule(LogLevel.Trace, LogLevel.Fatal, memory, loggerName, final: true);
        LogManager.Configuration = config;
        await using var h = new EngineHarness(echo: true, new AtEngineOptions { Redactor = new SecretRedactor(Air724Dialect.Table), TraceLoggerName = loggerName });
        h.Module.On("AT+WISN?", answer);
        h.Module.On("AT+CSQ", "\r\n+CSQ: 29,99\r\n\r\nOK\r\n");

        var raw = await h.Engine.ExecuteAsync("AT+WISN?").Guarded();
        var typed = await h.Modem.Identity.GetSnAsync().Guarded();
        await h.Engine.ExecuteAsync("AT+CSQ").Guarded();
        LogManager.Flush();
        var trace = string.Join("\n", memory.Logs);

        Assert.Contains(raw.Lines, l => l.Text.Contains(sn, StringComparison.Ordinal));
        Assert.Equal(sn, typed);
        Assert.Contains("AT+WISN?", trace);
        Assert.Contains("***", trace);
        Assert.Contains("+CSQ: 29,99", trace);
        Assert.DoesNotContain(sn, trace);
    }

    [Theory]
    [InlineData("AT+WISN=\"c85d8dd8d28fbf527b2a4a36a67b7541\"", "AT+WISN=***")]
    [InlineData("AT+WISN=c85d8dd8d28fbf527b2a4a36a67b7541", "AT+WISN=***")]
    [InlineData("AT+MCONFIG=id,user,secretpw", "AT+MCONFIG=id,user,***")]
    [InlineData("AT+MCONFIG=\"a,b\",\"u\",\"p w\",0,0,\"t\",\"m\"", "AT+MCONFIG=\"a,b\",\"u\",***,0,0,\"t\",\"m\"")]
    [InlineData("AT+CSTT=\"cmnet\",\"u\",\"pw\"", "AT+CSTT=\"cmnet\",\"u\",***")]
    [InlineData("productKey=a&sign=FFEE&x=1", "productKey=a&sign=***&x=1")]
    [InlineData("{\"productSecret\": \"abc\"}", "{\"productSecret\": \"***\"}")]
    public void Redactor_masks_secret_shapes(string input, string expected) =>
        Assert.Equal(expected, new SecretRedactor(Air724Dialect.Table).Redact(input));
}
