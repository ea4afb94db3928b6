using System.Collections.Concurrent;
using System.Text;

namespace LuatHost.At.Tests;

public sealed class EngineRoutingTests
{
    [Fact]
    public async Task Query_returns_its_data_line_and_OK()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+CSQ", "\r\n+CSQ: 29,99\r\n\r\nOK\r\n");

        var response = await h.Engine.ExecuteAsync("AT+CSQ").Guarded();

        Assert.True(response.IsOk);
        Assert.Equal("OK", response.Final);
        Assert.Equal(["+CSQ: 29,99"], response.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task Echoed_command_is_not_part_of_the_response()
    {
        await using var h = new EngineHarness(echo: true);
        h.Module.On("AT+CGSN", "\r\n867435051234567\r\n\r\nOK\r\n");

        var imei = await h.Modem.Identity.GetImeiAsync().Guarded();

        Assert.Equal("867435051234567", imei);
    }

    [Fact]
    public async Task Echo_off_and_echo_on_both_work_on_the_same_engine()
    {
        await using var h = new EngineHarness(echo: true);
        h.Module.On("ATE0", async x => { h.Module.Echo = false; await x.SendAsync("\r\nOK\r\n"); });
        h.Module.On("AT+CGMR", "\r\n+CGMR: \"AirM2M_720U_V401581_LTE_AT\"\r\n\r\nOK\r\n");

        var before = await h.Modem.Identity.GetFirmwareVersionAsync().Guarded();
        await h.Modem.Identity.SetEchoAsync(false).Guarded();
        var after = await h.Modem.Identity.GetFirmwareVersionAsync().Guarded();

        Assert.Equal("AirM2M_720U_V401581_LTE_AT", before);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Urc_between_echo_and_answer_goes_to_its_handler_not_the_command()
    {
        await using var h = new EngineHarness(echo: true);
        var urcs = new ConcurrentQueue<string>();
        h.Engine.Urcs.Register("+NITZ:", line => urcs.Enqueue(line.Text));
        h.Module.On("AT+CSQ", "\r\n+NITZ: 26/11/26,06:20:00+32,0\r\n", "\r\n+CSQ: 20,0\r\n\r\nOK\r\n");

        var response = await h.Engine.ExecuteAsync("AT+CSQ").Guarded();

        Assert.Equal(["+CSQ: 20,0"], response.Lines.Select(l => l.Text));
        Assert.Equal(["+NITZ: 26/11/26,06:20:00+32,0"], urcs);
    }

    [Fact]
    public async Task Urc_in_the_middle_of_a_response_neither_completes_nor_pollutes_it()
    {
        await using var h = new EngineHarness();
        var closed = new TaskCompletionSource<string>();
        h.Engine.Urcs.Register("CLOSED", line => closed.TrySetResult(line.Text));
        h.Module.On("AT+SAPBR=2,1", "\r\n+SAPBR: 1,1,\"10.1.2.3\"\r\n\r\nCLOSED\r\n\r\nOK\r\n");

        var bearer = await h.Modem.Network.QueryBearerAsync().Guarded();

        Assert.True(bearer.IsConnected);
        Assert.Equal("10.1.2.3", bearer.IpAddress);
        Assert.Equal("CLOSED", await closed.Task.Guarded());
    }

    [Fact]
    public async Task A_line_that_is_both_urc_and_query_answer_goes_to_the_pending_query()
    {
        await using var h = new EngineHarness();
        var cpinUrcs = new ConcurrentQueue<string>();
        h.Engine.Urcs.Register("+CPIN:", line => cpinUrcs.Enqueue(line.Text));
        h.Module.On("AT+CPIN?", "\r\n+CPIN: READY\r\n\r\nOK\r\n");
        h.Module.On("AT+CSQ", "\r\n+CPIN: NOT READY\r\n\r\n+CSQ: 5,99\r\n\r\nOK\r\n");

        var sim = await h.Modem.Identity.GetSimStatusAsync().Guarded();
        var csq = await h.Modem.Identity.GetSignalQualityAsync().Guarded();

        Assert.True(sim.IsReady);
        Assert.Equal(5, csq.Rssi);
        Assert.Equal(["+CPIN: NOT READY"], cpinUrcs);
    }

    [Fact]
    public async Task Cme_error_is_a_value_with_its_code_and_typed_commands_map_it()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+CPIN?", "\r\n+CME ERROR: 10\r\n");
        h.Module.On("AT+CMGS=1", "\r\n+CMS ERROR: 500\r\n");
        h.Module.On("AT+HTTPINIT", "\r\nERROR\r\n");

        var raw = await h.Engine.ExecuteAsync("AT+CPIN?").Guarded();
        var sim = await h.Modem.Identity.GetSimStatusAsync().Guarded();
        var cms = await h.Engine.ExecuteAsync("AT+CMGS=1").Guarded();
        var error = await Assert.ThrowsAsync<AtCommandFailedException>(() => h.Modem.Http.InitAsync()).Guarded();

        Assert.Equal((AtStatus.CmeError, 10), (raw.Status, raw.ErrorCode));
        Assert.Equal(Modem.SimState.NotInserted, sim.State);
        Assert.Equal((AtStatus.CmsError, 500), (cms.Status, cms.ErrorCode));
        Assert.StartsWith("AT+HTTPINIT failed: ERROR", error.Message);
    }

    [Fact]
    public async Task Responses_arriving_one_byte_at_a_time_still_frame()
    {
        await using var h = new EngineHarness(echo: true);
        h.Module.On("AT+CSQ", async x =>
        {
            foreach (var b in Encoding.ASCII.GetBytes("\r\n+CSQ: 31,0\r\n\r\nOK\r\n"))
            {
                await x.SendAsync([b]);
            }
        });

        var csq = await h.Modem.Identity.GetSignalQualityAsync().Guarded();

        Assert.Equal(31, csq.Rssi);
        Assert.Equal(-51, csq.Dbm);
    }

    [Fact]
    public async Task Commands_from_many_callers_are_sent_one_at_a_time()
    {
        await using var h = new EngineHarness();
        for (var i = 0; i < 20; i++)
        {
            h.Module.On($"AT+TEST={i}", $"\r\n+TEST: {i}\r\n\r\nOK\r\n");
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            h.Engine.ExecuteAsync(new AtCommand($"AT+TEST={i}") { ResponsePrefixes = ["+TEST:"] }))).Guarded();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"+TEST: {i}", Assert.Single(responses[i].Lines).Text);
        }
    }

    [Fact]
    public async Task Unclaimed_lines_while_idle_are_reported_as_unrecognized()
    {
        await using var h = new EngineHarness();
        var seen = new TaskCompletionSource<string>();
        h.Engine.Urcs.Unrecognized += line => seen.TrySetResult(line.Text);

        await h.Module.SendAsync("\r\nOK\r\n");

        Assert.Equal("OK", await seen.Task.Guarded());
    }

    [Fact]
    public async Task A_throwing_urc_handler_does_not_stop_the_engine()
    {
        await using var h = new EngineHarness();
        h.Engine.Urcs.Register("+NITZ:", _ => throw new InvalidOperationException("consumer bug"));
        h.Module.On("AT", "\r\n+NITZ: x\r\n\r\nOK\r\n");

        var response = await h.Engine.ExecuteAsync("AT").Guarded();

        Assert.True(response.IsOk);
    }
}
