using System.Text;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>
/// Every AT exchange of the seed tutorial, typed at the module as bytes and checked byte for byte, against a real
/// HTTPS server and a real MQTTnet broker on 127.0.0.1.
/// </summary>
public sealed class TutorialTranscriptTests : IAsyncLifetime
{
    private const string UpdateTopic = "/a1mxL3s6Z7m/866714043075174/user/update";
    private const string GetTopic = "/a1mxL3s6Z7m/866714043075174/user/get";
    private LocalWorld _world = null!;

    public async Task InitializeAsync() => _world = await LocalWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Network_bring_up_answers_like_the_tutorial()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("AT", "AT\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CGMR", "AT+CGMR\r\r\n+CGMR: \"AirM2M_Air724UG_V409_LTE_AT\"\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CPIN?", "AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CGATT?", "AT+CGATT?\r\r\n+CGATT: 1\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CSTT", "AT+CSTT\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=1,1", "AT+SAPBR=1,1\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CIICR", "AT+CIICR\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CIFSR", "AT+CIFSR\r\r\n100.86.47.178\r\n");
        await wire.ExchangeAsync("AT+CIPSTATUS", "AT+CIPSTATUS\r\r\nOK\r\n\r\nSTATE: IP STATUS\r\n");
    }

    [Fact]
    public async Task Http_auth_post_returns_the_iot_token_like_the_tutorial()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("AT+SAPBR=1,1", "AT+SAPBR=1,1\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPINIT", "AT+HTTPINIT\r\r\nOK\r\n");
        const string url = "AT+HTTPPARA=\"URL\",https://iot-auth.cn-shanghai.aliyuncs.com/auth/devicename";
        await wire.ExchangeAsync(url, url + "\r\r\nOK\r\n");
        const string header = "AT+HTTPPARA=\"USER_DEFINED\",\"Content-Type: application/x-www-form-urlencoded\"";
        await wire.ExchangeAsync(header, header + "\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPDATA=112,20000", "AT+HTTPDATA=112,20000\r\r\nDOWNLOAD\r\n");
        var body = Vectors.SeedHttpAuthBody;
        Assert.Equal(112, Encoding.ASCII.GetByteCount(body));
        await wire.SendAsync(body);
        await wire.ExpectAsync("\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPACTION=1", "AT+HTTPACTION=1\r\r\nOK\r\n\r\n+HTTPACTION: 1,200,124\r\n");
        await wire.ExchangeAsync("AT+HTTPREAD", "AT+HTTPREAD\r\r\n+HTTPREAD: 124\r\n" + AuthHttpServer.TokenJson + "\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPTERM", "AT+HTTPTERM\r\r\nOK\r\n");
        Assert.Equal(body, _world.Http.LastBody);
        Assert.Equal("application/x-www-form-urlencoded", _world.Http.LastContentType);
    }

    [Fact]
    public async Task Mqtt_tls_connect_with_http_auth_credentials_gets_connack()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :1\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Mqtt_direct_signed_connect_over_plain_tcp_gets_connack()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        const string config = "AT+MCONFIG=\"866714043075174|securemode=3,signmethod=hmacsha1|\",\"866714043075174&a1mxL3s6Z7m\",\"B1107184D60649B62ECF56F0E7E98E7B3772A3E7\"";
        await wire.ExchangeAsync(config, config + "\r\r\nOK\r\n");
        const string start = "AT+MIPSTART=\"a1mxL3s6Z7m.iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883";
        await wire.ExchangeAsync(start, start + "\r\r\nOK\r\n\r\nCONNECT OK\r\n");
        await wire.ExchangeAsync("AT+MCONNECT=1,120", "AT+MCONNECT=1,120\r\r\nOK\r\n\r\nCONNACK OK\r\n");
    }

    [Fact]
    public async Task Publish_qos0_then_qos1_reach_the_broker_and_qos1_prints_puback()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        var qos0 = $"AT+MPUB=\"{UpdateTopic}\",0,0,\"HelloWorld\"";
        await wire.ExchangeAsync(qos0, qos0 + "\r\r\nOK\r\n");
        var first = await _world.Broker.NextPublishedAsync();
        Assert.Equal(UpdateTopic, first.Message.Topic);
        Assert.Equal("HelloWorld", Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(first.Message.Payload)));
        var qos1 = $"AT+MPUB=\"{UpdateTopic}\",1,0,\"HelloWorld\"";
        await wire.ExchangeAsync(qos1, qos1 + "\r\r\nOK\r\n\r\nPUBACK\r\n");
        var second = await _world.Broker.NextPublishedAsync();
        Assert.Equal(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce, second.Message.QualityOfServiceLevel);
        Assert.Equal(LocalWorld.Imei, second.ClientId);
    }

    [Fact]
    public async Task Subscribe_then_console_publish_prints_the_direct_msub_urc()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        // The tutorial's bold copy has spaces inside the quotes; the module trims them.
        await wire.ExchangeAsync($"AT+MSUB=\" {GetTopic} \",0", $"AT+MSUB=\" {GetTopic} \",0\r\r\nOK\r\n\r\nSUBACK\r\n");
        await wire.ExchangeAsync("AT+MQTTMSGSET=0", "AT+MQTTMSGSET=0\r\r\nOK\r\n");
        await _world.Broker.PublishToDeviceAsync(GetTopic, "Hello World"u8.ToArray());
        await wire.ExpectAsync($"\r\n+MSUB: \"{GetTopic}\",11 byte,Hello World\r\n");
    }

    [Fact]
    public async Task Msub_payload_with_crlf_arrives_intact_and_counted()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await TutorialSteps.SubscribeAsync(wire, GetTopic);
        var payload = "{\r\n\"v\":1\r\n}\r\n";
        await _world.Broker.PublishToDeviceAsync(GetTopic, Encoding.ASCII.GetBytes(payload));
        await wire.ExpectAsync($"\r\n+MSUB: \"{GetTopic}\",{payload.Length} byte,{payload}\r\n");
    }
}
