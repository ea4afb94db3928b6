using System.Net;

namespace LuatHost.At.Tests;

public sealed class TerminatorTests
{
    [Fact]
    public async Task Cifsr_ends_on_a_bare_ipv4_line_without_OK()
    {
        await using var h = new EngineHarness(echo: true);
        h.Module.On("AT+CIFSR", "\r\n10.222.163.213\r\n");

        var ip = await h.Modem.Network.GetLocalIpAsync().Guarded();

        Assert.Equal(IPAddress.Parse("10.222.163.213"), ip);
    }

    [Fact]
    public async Task Raw_cifsr_text_gets_the_bare_ip_terminator_too()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+CIFSR", "\r\n10.0.0.7\r\n");

        var response = await h.Engine.ExecuteAsync("AT+CIFSR").Guarded();

        Assert.Equal(("10.0.0.7", AtStatus.Ok), (response.Final, response.Status));
    }

    [Fact]
    public async Task Cipstatus_waits_for_the_STATE_line_that_follows_OK()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+CIPSTATUS", "\r\nOK\r\n", "\r\nSTATE: IP GPRSACT\r\n");

        var state = await h.Modem.Network.GetConnectionStateAsync().Guarded();

        Assert.Equal("IP GPRSACT", state);
    }

    [Fact]
    public async Task Cipshut_ends_on_SHUT_OK()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+CIPSHUT", "\r\nSHUT OK\r\n");

        await h.Modem.Network.ShutAsync().Guarded();
    }

    [Fact]
    public async Task Mqttstatu_with_a_space_before_the_colon_parses()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MQTTSTATU", "\r\n+MQTTSTATU :2\r\n\r\nOK\r\n");

        var state = await h.Modem.Mqtt.GetStateAsync().Guarded();

        Assert.Equal(Modem.MqttState.TcpConnectedNotAuthenticated, state);
    }
}
