using System.Text;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>The MQTT state machine beyond the tutorial: deadline, cache mode, refusals, escaping, MPUBEX, QoS2.</summary>
public sealed class MqttBehaviourTests : IAsyncLifetime
{
    private const string GetTopic = "/a1mxL3s6Z7m/866714043075174/user/get";
    private const string UpdateTopic = "/a1mxL3s6Z7m/866714043075174/user/update";
    private const string Start = "AT+SSLMIPSTART=\"a1mxL3s6Z7m.iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883";
    private LocalWorld _world = null!;

    public async Task InitializeAsync() => _world = await LocalWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Late_mconnect_after_the_5_s_deadline_finds_the_link_closed()
    {
        // Default options: the broker policy of the Air724 tutorials, 5 s.
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("AT+MCONFIG=\"866714043075174\",\"GAQYuiW0qid2H5NfMu9l000100\",\"^1^1589511374876^27f6f5a03b709fc\"",
            "AT+MCONFIG=\"866714043075174\",\"GAQYuiW0qid2H5NfMu9l000100\",\"^1^1589511374876^27f6f5a03b709fc\"\r\r\nOK\r\n");
        await wire.ExchangeAsync(Start, Start + "\r\r\nOK\r\n\r\nCONNECT OK\r\n");
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :2\r\n\r\nOK\r\n");
        await wire.ExpectAsync("\r\nCLOSED\r\n");
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :0\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+MCONNECT=1,120", "AT+MCONNECT=1,120\r\r\n+CME ERROR: 767\r\n");
    }

    [Fact]
    public async Task Second_mipstart_while_connected_reports_already_connect()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await wire.ExchangeAsync(Start, Start + "\r\r\nOK\r\n\r\nALREADY CONNECT\r\n");
    }

    [Fact]
    public async Task Unreachable_broker_reports_connect_fail()
    {
        using var refusing = FreePort.ReserveRefusingPort(out var port);
        var options = _world.Options();
        options.HostMap.Add("nowhere.example", "127.0.0.1", port);
        await using var wire = await ModuleWire.StartAsync(options);
        await wire.ExchangeAsync("AT+MIPSTART=\"nowhere.example\",\"1883\"", "AT+MIPSTART=\"nowhere.example\",\"1883\"\r\r\nOK\r\n\r\nCONNECT FAIL\r\n");
    }

    [Fact]
    public async Task Wrong_password_gives_ok_then_error_and_state_0()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("AT+MCONFIG=866714043075174,GAQYuiW0qid2H5NfMu9l000100,wrong",
            "AT+MCONFIG=866714043075174,GAQYuiW0qid2H5NfMu9l000100,wrong\r\r\nOK\r\n");
        await wire.ExchangeAsync(Start, Start + "\r\r\nOK\r\n\r\nCONNECT OK\r\n");
        await wire.ExchangeAsync("AT+MCONNECT=1,120", "AT+MCONNECT=1,120\r\r\nOK\r\n\r\nERROR\r\n");
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :0\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Cache_mode_keeps_four_messages_and_overwrites_the_oldest()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await TutorialSteps.SubscribeAsync(wire, GetTopic);
        await wire.ExchangeAsync("AT+MQTTMSGSET=1", "AT+MQTTMSGSET=1\r\r\nOK\r\n");
        var expectedSlots = new[] { 0, 1, 2, 3, 0 };
        for (var i = 0; i < 5; i++)
        {
            await _world.Broker.PublishToDeviceAsync(GetTopic, Encoding.ASCII.GetBytes("m" + i));
            await wire.ExpectAsync($"\r\n+MSUB: {expectedSlots[i]}\r\n");
        }
        await wire.ExchangeAsync("AT+MQTTMSGGET?", "AT+MQTTMSGGET?\r\r\n+MQTTMSGGET: 0,VALID\r\n\r\n+MQTTMSGGET: 1,VALID\r\n\r\n+MQTTMSGGET: 2,VALID\r\n\r\n+MQTTMSGGET: 3,VALID\r\n\r\nOK\r\n");
        // Oldest first: m1..m3, then m4 which overwrote m0 in slot 0.
        var lines = string.Concat(Enumerable.Range(1, 4).Select(i => $"\r\n+MSUB: \"{GetTopic}\",2 byte,m{i}\r\n"));
        await wire.ExchangeAsync("AT+MQTTMSGGET", "AT+MQTTMSGGET\r" + lines + "\r\nOK\r\n");
        await wire.ExchangeAsync("AT+MQTTMSGGET?", "AT+MQTTMSGGET?\r\r\n+MQTTMSGGET: 0,INVALID\r\n\r\n+MQTTMSGGET: 1,INVALID\r\n\r\n+MQTTMSGGET: 2,INVALID\r\n\r\n+MQTTMSGGET: 3,INVALID\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Mpub_unescapes_quote_cr_lf_and_backslash()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        const string command = "AT+MPUB=\"/a1mxL3s6Z7m/866714043075174/user/update\",0,0,\"{\\22v\\22:\\22a\\5Cb\\22}\\0D\\0A\"";
        await wire.ExchangeAsync(command, command + "\r\r\nOK\r\n");
        var published = await _world.Broker.NextPublishedAsync();
        Assert.Equal("{\"v\":\"a\\b\"}\r\n", Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(published.Message.Payload)));
    }

    [Fact]
    public async Task Topics_over_256_utf8_bytes_are_refused_even_when_they_have_fewer_characters()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        // 86 CJK characters: 86 chars, 258 bytes (docs/air724-at.md §5.1 counts bytes).
        var topic = "/" + new string('主', 85);
        Assert.Equal(256, Encoding.UTF8.GetByteCount(topic));
        var tooLong = topic + "x";
        foreach (var command in new[] { $"AT+MSUB=\"{tooLong}\",0", $"AT+MPUB=\"{tooLong}\",0,0,\"hi\"", $"AT+MUNSUB=\"{tooLong}\"" })
        {
            await wire.ExchangeAsync(command, command + "\r\r\nERROR\r\n");
        }
        await wire.ExchangeAsync($"AT+MPUB=\"{topic}\",0,0,\"hi\"", $"AT+MPUB=\"{topic}\",0,0,\"hi\"\r\r\nOK\r\n");
    }

    [Fact]
    public async Task Mconfig_refuses_a_client_id_user_or_password_over_256_bytes()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        var password256 = new string('p', 256);
        var password257 = new string('p', 257);
        await wire.ExchangeAsync($"AT+MCONFIG=\"c\",\"u\",\"{password257}\"", $"AT+MCONFIG=\"c\",\"u\",\"{password257}\"\r\r\nERROR\r\n");
        await wire.ExchangeAsync($"AT+MCONFIG=\"{new string('主', 86)}\",\"u\",\"p\"", $"AT+MCONFIG=\"{new string('主', 86)}\",\"u\",\"p\"\r\r\nERROR\r\n");
        await wire.ExchangeAsync($"AT+MCONFIG=\"c\",\"u\",\"{password256}\"", $"AT+MCONFIG=\"c\",\"u\",\"{password256}\"\r\r\nOK\r\n");
    }

    [Fact]
    public async Task Unquoted_mpub_message_is_an_error()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await wire.ExchangeAsync($"AT+MPUB=\"{UpdateTopic}\",0,0,HelloWorld", $"AT+MPUB=\"{UpdateTopic}\",0,0,HelloWorld\r\r\nERROR\r\n");
    }

    [Fact]
    public async Task Mpubex_prompts_then_sends_exactly_the_counted_binary_bytes()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        var command = $"AT+MPUBEX=\"{UpdateTopic}\",1,0,6";
        await wire.ExchangeAsync(command, command + "\r\r\n> ");
        byte[] binary = [0x00, 0x22, 0x0D, 0x0A, 0x1A, 0xFF];
        await wire.SendAsync(binary);
        await wire.ExpectAsync("\r\nOK\r\n\r\nPUBACK\r\n");
        var published = await _world.Broker.NextPublishedAsync();
        Assert.Equal(binary, System.Buffers.BuffersExtensions.ToArray(published.Message.Payload));
    }

    [Fact]
    public async Task Qos2_publish_prints_pubrec_then_pubcomp()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        var command = $"AT+MPUB=\"{UpdateTopic}\",2,0,\"x\"";
        await wire.ExchangeAsync(command, command + "\r\r\nOK\r\n\r\nPUBREC\r\n\r\nPUBCOMP\r\n");
    }

    [Fact]
    public async Task Unsubscribe_prints_unsuback_and_mdisconnect_keeps_tcp_until_mipclose()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await TutorialSteps.SubscribeAsync(wire, GetTopic);
        await wire.ExchangeAsync($"AT+MUNSUB=\"{GetTopic}\"", $"AT+MUNSUB=\"{GetTopic}\"\r\r\nOK\r\n\r\nUNSUBACK\r\n");
        await wire.ExchangeAsync("AT+MDISCONNECT", "AT+MDISCONNECT\r\r\nOK\r\n");
        // openLuat's MQTT example: OK to AT+MDISCONNECT, then OK to AT+MIPCLOSE (the TCP link lasted until then).
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :2\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+MIPCLOSE", "AT+MIPCLOSE\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+MIPCLOSE", "AT+MIPCLOSE\r\r\n+CME ERROR: 767\r\n");
    }

    [Fact]
    public async Task Broker_side_drop_prints_closed()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await _world.Broker.DropAllClientsAsync();
        await wire.ExpectAsync("\r\nCLOSED\r\n");
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :0\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Mpubex_without_length_ends_at_ctrl_z()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        var command = $"AT+MPUBEX=\"{UpdateTopic}\",0,0";
        await wire.ExchangeAsync(command, command + "\r\r\n> ");
        await wire.SendAsync([(byte)'h', (byte)'i', 0x1A]);
        await wire.ExpectAsync("\r\nOK\r\n");
        var published = await _world.Broker.NextPublishedAsync();
        Assert.Equal("hi"u8.ToArray(), System.Buffers.BuffersExtensions.ToArray(published.Message.Payload));
    }
}
