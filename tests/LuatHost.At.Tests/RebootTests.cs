namespace LuatHost.At.Tests;

public sealed class RebootTests
{
    [Fact]
    public async Task RDY_raises_one_reboot_event_for_the_whole_boot_sequence()
    {
        await using var h = new EngineHarness();
        var events = new List<ModuleRebootEvent>();
        var modeSeen = new TaskCompletionSource();
        h.Engine.Rebooted += e => { lock (events) { events.Add(e); } };
        h.Engine.Urcs.Register("+CGEV:", _ => modeSeen.TrySetResult());

        await h.Module.SendAsync("\r\nRDY\r\n\r\n^MODE: 17,17\r\n\r\n+E_UTRAN Service\r\n\r\n+CGEV: ME PDN ACT 1\r\n");
        await modeSeen.Task.Guarded();

        Assert.Equal(ModuleRebootSignal.Ready, Assert.Single(events).Signal);
    }

    [Fact]
    public async Task Mode_report_is_a_service_change_not_a_reboot()
    {
        await using var h = new EngineHarness();
        var rebooted = 0;
        var mode = new TaskCompletionSource<string>();
        h.Engine.Rebooted += _ => Interlocked.Increment(ref rebooted);
        h.Engine.Urcs.Register("^MODE:", line => mode.TrySetResult(line.Text));

        // Printed on coverage loss and return (Air780E low-power guide; SIM application guide hot-plug transcript).
        await h.Module.SendAsync("\r\n^MODE: 0,0\r\n");
        Assert.Equal("^MODE: 0,0", await mode.Task.Guarded());

        Assert.Equal(0, Volatile.Read(ref rebooted));
    }

    [Fact]
    public async Task A_second_RDY_before_the_first_successful_command_is_the_same_boot()
    {
        await using var h = new EngineHarness();
        var events = 0;
        var second = new TaskCompletionSource();
        var seen = 0;
        h.Engine.Rebooted += _ => Interlocked.Increment(ref events);
        h.Engine.Urcs.Register("RDY", _ => { if (Interlocked.Increment(ref seen) == 2) second.TrySetResult(); });

        await h.Module.SendAsync("\r\nRDY\r\n");
        await h.Module.SendAsync("\r\nRDY\r\n");
        await second.Task.Guarded();

        Assert.Equal(1, Volatile.Read(ref events));
    }

    [Fact]
    public async Task Echo_reappearing_after_ATE0_is_reported_as_a_reboot()
    {
        await using var h = new EngineHarness(echo: true);
        var rebooted = new TaskCompletionSource<ModuleRebootEvent>();
        h.Engine.Rebooted += e => rebooted.TrySetResult(e);
        h.Module.On("ATE0", async x => { h.Module.Echo = false; await x.SendAsync("\r\nOK\r\n"); });
        h.Module.On("AT", "\r\nOK\r\n");

        await h.Modem.Identity.SetEchoAsync(false).Guarded();
        h.Module.Echo = true; // what a silent reboot looks like from the host
        var response = await h.Engine.ExecuteAsync("AT").Guarded();

        Assert.True(response.IsOk);
        Assert.Equal(ModuleRebootSignal.EchoReappeared, (await rebooted.Task.Guarded()).Signal);
    }

    [Fact]
    public async Task RDY_while_a_command_waits_fails_it_at_once_with_a_reboot_error()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MIPSTART=\"h\",1883", "\r\nRDY\r\n");

        var error = await Assert.ThrowsAsync<AtModuleRebootedException>(() => h.Modem.Mqtt.StartAsync("h", 1883)).Guarded();

        Assert.Contains("AT+MIPSTART was interrupted: the module rebooted", error.Message);
    }

    [Fact]
    public async Task A_command_queued_during_boot_and_answered_late_does_not_steal_the_next_answer()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT", "\r\nRDY\r\n");
        h.Module.On("AT+CGSN", "AT\r\r\nOK\r\n", "AT+CGSN\r\r\n867435051234567\r\n\r\nOK\r\n");

        await Assert.ThrowsAsync<AtModuleRebootedException>(() => h.Engine.ExecuteAsync("AT")).Guarded();
        var imei = await h.Modem.Identity.GetImeiAsync().Guarded();

        Assert.Equal("867435051234567", imei);
    }
}
