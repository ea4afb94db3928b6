using System.Collections.Concurrent;
using LuatHost.Modem;

namespace LuatHost.At.Tests;

public sealed class FollowUpTests
{
    [Theory]
    [InlineData("CONNECT OK", false)]
    [InlineData("ALREADY CONNECT", true)]
    public async Task Mipstart_completes_on_its_connect_report(string report, bool already)
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MIPSTART=\"broker.local\",1883", "\r\nOK\r\n", $"\r\n{report}\r\n");

        var result = await h.Modem.Mqtt.StartAsync("broker.local", 1883).Guarded();

        Assert.Equal(already, result);
    }

    [Fact]
    public async Task Connect_fail_after_OK_is_an_error_naming_the_command_and_the_host()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+SSLMIPSTART=\"nowhere\",8883", "\r\nOK\r\n", "\r\nCONNECT FAIL\r\n");

        var error = await Assert.ThrowsAsync<AtFollowUpFailedException>(() => h.Modem.Mqtt.StartAsync("nowhere", 8883, tls: true)).Guarded();

        Assert.Contains("AT+SSLMIPSTART failed: the module reported CONNECT FAIL", error.Message);
        Assert.Contains("nowhere:8883", error.Message);
    }

    [Fact]
    public async Task A_follow_up_that_arrives_before_OK_is_still_matched()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MCONNECT=1,300", "\r\nCONNACK OK\r\n\r\nOK\r\n");

        await h.Modem.Mqtt.ConnectAsync().Guarded();
    }

    [Fact]
    public async Task Connack_refused_with_ERROR_after_OK_fails_the_connect()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MCONNECT=1,60", "\r\nOK\r\n", "\r\nERROR\r\n");

        var error = await Assert.ThrowsAsync<AtFollowUpFailedException>(() => h.Modem.Mqtt.ConnectAsync(true, 60)).Guarded();

        Assert.StartsWith("AT+MCONNECT failed: the module reported ERROR", error.Message);
    }

    [Fact]
    public async Task Closed_while_waiting_for_connack_fails_the_connect_and_still_raises_connection_lost()
    {
        await using var h = new EngineHarness();
        var lost = new TaskCompletionSource<MqttConnectionLoss>();
        h.Modem.Mqtt.ConnectionLost += reason => lost.TrySetResult(reason);
        h.Module.On("AT+MCONNECT=1,300", "\r\nOK\r\n", "\r\nCLOSED\r\n");

        await Assert.ThrowsAsync<AtFollowUpFailedException>(() => h.Modem.Mqtt.ConnectAsync()).Guarded();

        Assert.Equal(MqttConnectionLoss.Closed, await lost.Task.Guarded());
    }

    [Fact]
    public async Task Subscribe_and_unsubscribe_wait_for_their_acks()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MSUB=\"/a/b\",1", "\r\nOK\r\n", "\r\nSUBACK\r\n");
        h.Module.On("AT+MUNSUB=\"/a/b\"", "\r\nOK\r\n", "\r\nUNSUBACK\r\n");

        await h.Modem.Mqtt.SubscribeAsync("/a/b", 1).Guarded();
        await h.Modem.Mqtt.UnsubscribeAsync("/a/b").Guarded();
    }

    [Fact]
    public async Task Qos2_publish_completes_after_PUBREC_then_PUBCOMP()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MPUB=\"t\",2,0,\"hi\"", "\r\nOK\r\n", "\r\nPUBREC\r\n", "\r\nPUBCOMP\r\n");

        await h.Modem.Mqtt.PublishAsync("t", "hi", qos: 2).Guarded();
    }

    [Fact]
    public async Task Pubacks_are_matched_to_publishes_in_order_while_other_commands_run()
    {
        await using var h = new EngineHarness();
        var release = new TaskCompletionSource();
        h.Module.On("AT+MPUB=\"t\",1,0,\"1\"", "\r\nOK\r\n");
        h.Module.On("AT+MPUB=\"t\",1,0,\"2\"", "\r\nOK\r\n");
        h.Module.On("AT+CSQ", async x =>
        {
            await x.SendAsync("\r\n+CSQ: 9,99\r\n\r\nPUBACK\r\n\r\nOK\r\n");
            await x.SendAsync("\r\nPUBACK\r\n");
        });

        var first = h.Modem.Mqtt.PublishAsync("t", "1", qos: 1);
        var second = h.Modem.Mqtt.PublishAsync("t", "2", qos: 1);
        var csq = await h.Modem.Identity.GetSignalQualityAsync().Guarded();
        await Task.WhenAll(first, second).Guarded();

        Assert.Equal(9, csq.Rssi);
    }

    [Fact]
    public async Task Repeated_httpaction_reports_are_dropped_until_the_next_request()
    {
        await using var h = new EngineHarness();
        var urcs = new ConcurrentQueue<string>();
        h.Engine.Urcs.AnyUrc += line => urcs.Enqueue(line.Text);
        h.Module.On("AT+HTTPACTION=1", "\r\nOK\r\n", "\r\n+HTTPACTION: 1,200,42\r\n", "\r\n+HTTPACTION: 1,200,42\r\n", "\r\n+HTTPACTION: 1,200,42\r\n");
        h.Module.On("AT+HTTPACTION=0", "\r\nOK\r\n", "\r\n+HTTPACTION: 0,200,42\r\n");
        h.Module.On("AT", "\r\nOK\r\n");

        var first = await h.Modem.Http.ActionAsync(HttpAction.Post).Guarded();
        await h.Modem.Identity.PingAsync().Guarded();
        var second = await h.Modem.Http.ActionAsync(HttpAction.Get).Guarded();

        Assert.Equal(new HttpActionResult(1, 200, 42), first);
        Assert.Equal(new HttpActionResult(0, 200, 42), second);
        Assert.Empty(urcs);
    }

    [Fact]
    public async Task Module_side_http_errors_are_returned_as_values()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+HTTPACTION=0", "\r\nOK\r\n", "\r\n+SAPBR 1: DEACT\r\n", "\r\n+HTTPACTION: 0,601,0\r\n");
        var bearerDown = new TaskCompletionSource();
        h.Modem.Network.BearerDeactivated += _ => bearerDown.TrySetResult();

        var result = await h.Modem.Http.ActionAsync(HttpAction.Get).Guarded();
        await bearerDown.Task.Guarded();

        Assert.True(result.IsModuleError);
    }
}
