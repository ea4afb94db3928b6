using LuatHost.Sim.Module;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>Echo, framing, error reporting, identity and bearer rules that need no network.</summary>
public sealed class LineDisciplineTests
{
    [Fact]
    public async Task Crlf_terminated_commands_get_the_same_reply_as_cr()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.SendAsync("AT\r\n");
        await wire.ExpectAsync("AT\r\r\nOK\r\n");
        await wire.SendAsync("AT\r\nAT+CSQ\r\n");
        await wire.ExpectAsync("AT\r\r\nOK\r\nAT+CSQ\r\r\n+CSQ: 29,99\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Ate0_turns_echo_off_and_ate1_back_on()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("ATE0", "ATE0\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CGSN", "\r\n866714043075174\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("ATE1", "\r\nOK\r\n");
        await wire.ExchangeAsync("AT", "AT\r\r\nOK\r\n");
    }

    [Fact]
    public async Task Identity_answers_use_the_configured_values()
    {
        var options = new ModuleOptions
        {
            Identity = new ModuleIdentity { Imei = "862991419835241", Iccid = "89860000000000000001", Imsi = "460010000000001", Firmware = "AirM2M_720U_V401581_LTE_AT" },
        };
        await using var wire = await ModuleWire.StartAsync(options);
        await wire.ExchangeAsync("AT+CGSN", "AT+CGSN\r\r\n862991419835241\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CGMR", "AT+CGMR\r\r\n+CGMR: \"AirM2M_720U_V401581_LTE_AT\"\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CGMM", "AT+CGMM\r\r\n+CGMM: \"Air724UG\"\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CIMI", "AT+CIMI\r\r\n460010000000001\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+ICCID", "AT+ICCID\r\r\n+ICCID: 89860000000000000001\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CEREG?", "AT+CEREG?\r\r\n+CEREG: 0,1\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CREG?", "AT+CREG?\r\r\n+CREG: 0,1\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CGREG?", "AT+CGREG?\r\r\n+CGREG: 0,1\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Wisn_is_written_and_persisted_in_the_sn_file()
    {
        var file = Path.Combine(Path.GetTempPath(), $"luathost-sn-{Guid.NewGuid():N}.txt");
        try
        {
            var options = new ModuleOptions { Identity = new ModuleIdentity { SnFile = file } };
            await using (var wire = await ModuleWire.StartAsync(options))
            {
                await wire.ExchangeAsync("AT+WISN?", "AT+WISN?\r\r\n*CME ERROR: Missing SN\r\n\r\nOK\r\n");
                await wire.ExchangeAsync("AT+WISN=\"mRMyB50qafv74A5FofvhxZ2h9iTL9wX7\"", "AT+WISN=\"mRMyB50qafv74A5FofvhxZ2h9iTL9wX7\"\r\r\nOK\r\n");
            }
            var reloaded = new ModuleOptions { Identity = new ModuleIdentity { SnFile = file } };
            await using var again = await ModuleWire.StartAsync(reloaded);
            await again.ExchangeAsync("AT+WISN?", "AT+WISN?\r\r\nmRMyB50qafv74A5FofvhxZ2h9iTL9wX7\r\n\r\nOK\r\n");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Cmee_selects_plain_numeric_or_verbose_errors()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("AT+SAPBR=0,1", "AT+SAPBR=0,1\r\r\n+CME ERROR: 3\r\n");
        await wire.ExchangeAsync("AT+CMEE=0", "AT+CMEE=0\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=0,1", "AT+SAPBR=0,1\r\r\nERROR\r\n");
        await wire.ExchangeAsync("AT+CMEE=2", "AT+CMEE=2\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=0,1", "AT+SAPBR=0,1\r\r\n+CME ERROR: operation not allowed\r\n");
        await wire.ExchangeAsync("AT+CMEE?", "AT+CMEE?\r\r\n+CMEE: 2\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Ipr_reports_the_configured_factory_rate_until_the_host_sets_one()
    {
        await using (var wire = await ModuleWire.StartAsync())
        {
            await wire.ExchangeAsync("AT+IPR?", "AT+IPR?\r\r\n+IPR: 115200\r\n\r\nOK\r\n");
        }
        await using (var wire = await ModuleWire.StartAsync(new ModuleOptions { BaudRate = 9600 }))
        {
            await wire.ExchangeAsync("AT+IPR?", "AT+IPR?\r\r\n+IPR: 9600\r\n\r\nOK\r\n");
            await wire.ExchangeAsync("AT+IPR=921600;&W", "AT+IPR=921600;&W\r\r\nOK\r\n");
            await wire.ExchangeAsync("AT+IPR?", "AT+IPR?\r\r\n+IPR: 921600\r\n\r\nOK\r\n");
        }
    }

    [Fact]
    public async Task Unknown_commands_answer_error()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("AT+NOPE", "AT+NOPE\r\r\nERROR\r\n");
    }

    [Fact]
    public async Task Tcpip_context_steps_must_come_in_order()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("AT+CIFSR", "AT+CIFSR\r\r\nERROR\r\n");
        await wire.ExchangeAsync("AT+CIICR", "AT+CIICR\r\r\nERROR\r\n");
        await wire.ExchangeAsync("AT+CIPSTATUS", "AT+CIPSTATUS\r\r\nOK\r\n\r\nSTATE: IP INITIAL\r\n");
        await wire.ExchangeAsync("AT+CSTT", "AT+CSTT\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CIPSTATUS", "AT+CIPSTATUS\r\r\nOK\r\n\r\nSTATE: IP START\r\n");
        await wire.ExchangeAsync("AT+CIICR", "AT+CIICR\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CIPSTATUS", "AT+CIPSTATUS\r\r\nOK\r\n\r\nSTATE: IP GPRSACT\r\n");
        await wire.ExchangeAsync("AT+CIPSHUT", "AT+CIPSHUT\r\r\nSHUT OK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=2,1", "AT+SAPBR=2,1\r\r\n+SAPBR: 1,3,\"0.0.0.0\"\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=3,1,\"CONTYPE\",\"GPRS\"", "AT+SAPBR=3,1,\"CONTYPE\",\"GPRS\"\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=1,1", "AT+SAPBR=1,1\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SAPBR=2,1", "AT+SAPBR=2,1\r\r\n+SAPBR: 1,1,\"100.86.47.178\"\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task Radio_off_detaches_and_reports_no_signal()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("AT+CFUN=0", "AT+CFUN=0\r\r\nOK\r\n\r\n^MODE: 0,0\r\n\r\n+NO Service\r\n\r\n+CGEV: NW PDN DEACT 1\r\n\r\n+CGEV: ME DETACH\r\n");
        await wire.ExchangeAsync("AT+CGATT?", "AT+CGATT?\r\r\n+CGATT: 0\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CSQ", "AT+CSQ\r\r\n+CSQ: 99,99\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CFUN?", "AT+CFUN?\r\r\n+CFUN: 0\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+MIPSTART=\"x.aliyuncs.com\",1883", "AT+MIPSTART=\"x.aliyuncs.com\",1883\r\r\nOK\r\n\r\nCONNECT FAIL\r\n");
    }

    [Fact]
    public async Task Sim_absent_answers_cme_10()
    {
        await using var wire = await ModuleWire.StartAsync(new ModuleOptions { Sim = SimCardState.Absent });
        await wire.ExchangeAsync("AT+CPIN?", "AT+CPIN?\r\r\n+CME ERROR: 10\r\n");
    }

    [Fact]
    public async Task Httpdata_takes_exactly_the_counted_bytes_even_with_crlf_inside()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("AT+HTTPINIT", "AT+HTTPINIT\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPDATA=5,10000", "AT+HTTPDATA=5,10000\r\r\nDOWNLOAD\r\n");
        await wire.SendAsync("a\r\nbcAT\r");
        await wire.ExpectAsync("\r\nOK\r\nAT\r\r\nOK\r\n");
    }

    [Fact]
    public async Task Lf_after_the_cr_of_a_prompt_command_is_not_taken_as_data()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("ATE0", "ATE0\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPINIT", "\r\nOK\r\n");
        await wire.SendAsync("AT+HTTPDATA=3,10000\r\n");
        await wire.ExpectAsync("\r\nDOWNLOAD\r\n");
        await wire.SendAsync("abc");
        await wire.ExpectAsync("\r\nOK\r\n");
        await wire.ExchangeAsync("AT", "\r\nOK\r\n");
    }

    [Fact]
    public async Task Commands_in_the_not_ready_window_answer_cme_4()
    {
        await using var wire = await ModuleWire.StartAsync(new ModuleOptions { NotReadyWindow = TimeSpan.FromHours(1) });
        await wire.ExchangeAsync("AT", "AT\r\r\n+CME ERROR: 4\r\n");
    }
}
