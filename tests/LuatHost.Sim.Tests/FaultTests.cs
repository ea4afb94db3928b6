using System.Text;
using LuatHost.Sim.Module;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>The fault knobs of <see cref="ModuleFaults"/>, driven while a session runs.</summary>
public sealed class FaultTests : IAsyncLifetime
{
    private LocalWorld _world = null!;

    public async Task InitializeAsync() => _world = await LocalWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Dropping_the_broker_link_prints_closed_and_mqtt_state_0()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await wire.Module.Faults.DropBrokerLinkAsync();
        await wire.ExpectAsync("\r\nCLOSED\r\n");
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :0\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Pdp_loss_prints_cgev_deact_takes_the_bearer_down_and_comes_back_when_restored()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("AT+SAPBR=1,1", "AT+SAPBR=1,1\r\r\nOK\r\n");
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
        await wire.Module.Faults.LosePdpAsync();
        await wire.ExpectAsync("\r\n+CGEV: NW PDN DEACT 1\r\n\r\n+SAPBR 1: DEACT\r\n");
        await wire.ExchangeAsync("AT+CGATT?", "AT+CGATT?\r\r\n+CGATT: 0\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :0\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=0,1", "AT+SAPBR=0,1\r\r\n+CME ERROR: 3\r\n");
        await wire.ExchangeAsync("AT+CFUN=0", "AT+CFUN=0\r\r\nOK\r\n\r\n^MODE: 0,0\r\n\r\n+NO Service\r\n\r\n+CGEV: NW PDN DEACT 1\r\n\r\n+CGEV: ME DETACH\r\n");
        await wire.ExchangeAsync("AT+CFUN=1", "AT+CFUN=1\r\r\nOK\r\n\r\n^MODE: 17,17\r\n\r\n+E_UTRAN Service\r\n\r\n+CGEV: ME PDN ACT 1,0\r\n");
        await wire.ExchangeAsync("AT+CGATT?", "AT+CGATT?\r\r\n+CGATT: 1\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Http_request_without_a_bearer_reports_601()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("AT+HTTPINIT", "AT+HTTPINIT\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPPARA=\"URL\",\"http://iot-auth.cn-shanghai.aliyuncs.com/ping\"", "AT+HTTPPARA=\"URL\",\"http://iot-auth.cn-shanghai.aliyuncs.com/ping\"\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPACTION=0", "AT+HTTPACTION=0\r\r\nOK\r\n\r\n+HTTPACTION: 0,601,0\r\n");
        await wire.ExchangeAsync("AT+SAPBR=1,1", "AT+SAPBR=1,1\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPACTION=0", "AT+HTTPACTION=0\r\r\nOK\r\n\r\n+HTTPACTION: 0,200,4\r\n");
        await wire.ExchangeAsync("AT+HTTPREAD=1,2", "AT+HTTPREAD=1,2\r\r\n+HTTPREAD: 2\r\non\r\nOK\r\n");
    }

    [Fact]
    public async Task Reboot_prints_the_boot_urcs_again_and_turns_echo_back_on()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("ATE0", "ATE0\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT", "\r\nOK\r\n");
        await TutorialSteps.ConnectWithoutEchoAsync(wire);
        await wire.Module.Faults.RebootAsync();
        await wire.ExpectAsync(ModuleWire.BootBurst);
        await wire.ExchangeAsync("AT+MQTTSTATU", "AT+MQTTSTATU\r\r\n+MQTTSTATU :0\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task At_reset_answers_ok_then_reboots()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("AT+RESET", "AT+RESET\r\r\nOK\r\n" + ModuleWire.BootBurst);
    }

    [Fact]
    public async Task Injected_noise_arrives_between_whole_lines()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.Module.Faults.InjectNoiseAsync(new byte[] { 0xFE, 0x01, 0x7F });
        await wire.ExpectAsync(new byte[] { 0xFE, 0x01, 0x7F });
        await wire.ExchangeAsync("AT", "AT\r\r\nOK\r\n");
    }

    [Fact]
    public async Task Paced_output_and_urc_latency_keep_the_bytes_exact()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        wire.Module.Faults.BytesPerSecond = 2000;
        wire.Module.Faults.UrcLatency = TimeSpan.FromMilliseconds(50);
        await wire.ExchangeAsync("AT+CGSN", "AT+CGSN\r\r\n866714043075174\r\n\r\nOK\r\n");
        await TutorialSteps.ConnectWithHttpAuthCredentialsAsync(wire);
    }

    [Fact]
    public async Task Garbage_lines_are_ignored_until_an_at_command_arrives()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.SendAsync(Encoding.ASCII.GetBytes("xx\r"));
        await wire.ExpectAsync("xx\r");
        await wire.ExchangeAsync("AT", "AT\r\r\nOK\r\n");
    }

    [Fact]
    public async Task Pdp_loss_during_an_http_request_reports_sapbr_deact_then_601()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        await wire.ExchangeAsync("ATE0", "ATE0\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=1,1", "\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPINIT", "\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPPARA=\"URL\",\"http://iot-auth.cn-shanghai.aliyuncs.com/hang\"", "\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPACTION=0", "\r\nOK\r\n");
        await wire.Module.Faults.LosePdpAsync();
        await wire.ExpectAsync("\r\n+CGEV: NW PDN DEACT 1\r\n\r\n+SAPBR 1: DEACT\r\n\r\n+HTTPACTION: 0,601,0\r\n");
    }

    [Fact]
    public async Task Injected_urc_lands_between_the_echo_and_the_reply()
    {
        await using var wire = await ModuleWire.StartAsync(_world.Options());
        wire.Module.Faults.InjectUrcBeforeNextReply("+CSQ: 20,99");
        await wire.ExchangeAsync("AT+CGSN", "AT+CGSN\r\r\n+CSQ: 20,99\r\n\r\n866714043075174\r\n\r\nOK\r\n");
    }
}
