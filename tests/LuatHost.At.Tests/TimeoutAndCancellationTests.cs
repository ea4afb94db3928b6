using LuatHost.Modem;

namespace LuatHost.At.Tests;

/// <summary>Timeout paths use short command timeouts; assertions are on the error, never on elapsed time.</summary>
public sealed class TimeoutAndCancellationTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task A_silent_module_gives_an_error_naming_the_command_and_the_likely_cause()
    {
        await using var h = new EngineHarness();

        var error = await Assert.ThrowsAsync<AtTimeoutException>(() => h.Engine.ExecuteAsync(new AtCommand("AT+CSQ") { Timeout = Short })).Guarded();

        Assert.StartsWith("AT+CSQ timed out after 0.15 s; the module did not answer", error.Message);
    }

    [Fact]
    public async Task A_command_timeout_uses_the_command_hint()
    {
        await using var h = new EngineHarness();
        var command = new AtCommand("AT+MCONNECT=1,300") { Timeout = TimeSpan.FromSeconds(0.2), TimeoutHint = "the broker closes the TCP link if MCONNECT is late" };

        var error = await Assert.ThrowsAsync<AtTimeoutException>(() => h.Engine.ExecuteAsync(command)).Guarded();

        Assert.Equal("AT+MCONNECT timed out after 0.2 s; the broker closes the TCP link if MCONNECT is late", error.Message);
    }

    [Fact]
    public async Task Missing_connack_times_out_with_its_own_error()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MCONNECT=1,300", "\r\nOK\r\n");
        var modem = new Air724(h.Engine, new ModemTimeouts { Connack = Short });

        var error = await Assert.ThrowsAsync<AtTimeoutException>(() => modem.Mqtt.ConnectAsync()).Guarded();

        Assert.StartsWith("CONNACK after AT+MCONNECT timed out after 0.15 s; the broker closes the TCP link if MCONNECT is late", error.Message);
    }

    [Fact]
    public async Task Missing_prompt_times_out_saying_which_prompt()
    {
        await using var h = new EngineHarness();
        var command = new AtCommand("AT+HTTPDATA=3,1000") { Prompt = AtPrompt.Download("abc"u8.ToArray()), Timeout = Short };

        var error = await Assert.ThrowsAsync<AtTimeoutException>(() => h.Engine.ExecuteAsync(command)).Guarded();

        Assert.Contains("waiting for the DOWNLOAD prompt", error.Message);
    }

    [Fact]
    public async Task Cipstatus_with_OK_but_no_STATE_times_out_saying_so()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+CIPSTATUS", "\r\nOK\r\n");

        var error = await Assert.ThrowsAsync<AtTimeoutException>(() => h.Engine.ExecuteAsync(Air724Dialect.Table.Command("AT+CIPSTATUS") with { Timeout = Short })).Guarded();

        Assert.Contains("(OK came, the closing line did not)", error.Message);
    }

    [Fact]
    public async Task Readiness_wait_gives_up_with_a_clear_error_when_AT_never_answers()
    {
        await using var h = new EngineHarness();

        var error = await Assert.ThrowsAsync<AtTimeoutException>(() => h.Modem.Identity.WaitUntilReadyAsync(TimeSpan.Zero)).Guarded();

        Assert.Contains("the module is not ready", error.Message);
    }

    [Fact]
    public async Task Readiness_wait_retries_until_AT_answers_OK()
    {
        await using var h = new EngineHarness();
        var attempts = 0;
        h.Module.On("AT", x => Interlocked.Increment(ref attempts) < 3 ? x.SendAsync("\r\n+CME ERROR: 4\r\n") : x.SendAsync("\r\nOK\r\n"));

        await h.Modem.Identity.WaitUntilReadyAsync(TimeSpan.FromSeconds(10)).Guarded();

        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_late_answer_to_a_timed_out_command_does_not_complete_the_next_one()
    {
        await using var h = new EngineHarness(echo: true);
        var slowAnswer = new TaskCompletionSource();
        h.Module.On("AT+SLOW", async x => { await slowAnswer.Task; await x.SendAsync("\r\nERROR\r\n"); });
        h.Module.On("AT+CSQ", "\r\n+CSQ: 7,99\r\n\r\nOK\r\n");

        await Assert.ThrowsAsync<AtTimeoutException>(() => h.Engine.ExecuteAsync(new AtCommand("AT+SLOW") { Timeout = Short })).Guarded();
        var next = h.Engine.ExecuteAsync("AT+CSQ");
        slowAnswer.SetResult();
        var response = await next.Guarded();

        Assert.True(response.IsOk);
        Assert.Equal("+CSQ: 7,99", Assert.Single(response.Lines).Text);
    }

    [Fact]
    public async Task Cancellation_ends_the_wait_and_the_engine_keeps_working()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT", "\r\nOK\r\n");
        using var cancel = new CancellationTokenSource();

        var pending = h.Engine.ExecuteAsync(new AtCommand("AT+NEVER") { Timeout = TimeSpan.FromMinutes(1) }, cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending).Guarded();
        var after = await h.Engine.ExecuteAsync("AT").Guarded();

        Assert.True(after.IsOk);
    }

    [Fact]
    public async Task A_closed_link_fails_the_pending_command_and_later_ones()
    {
        var h = new EngineHarness();
        var closed = new TaskCompletionSource<Exception?>();
        h.Engine.LinkClosed += ex => closed.TrySetResult(ex);
        h.Module.On("AT+CSQ", async x => await x.CloseLinkAsync());

        var error = await Assert.ThrowsAsync<AtLinkClosedException>(() => h.Engine.ExecuteAsync("AT+CSQ")).Guarded();
        await closed.Task.Guarded();
        var later = await Assert.ThrowsAsync<AtLinkClosedException>(() => h.Engine.ExecuteAsync("AT")).Guarded();

        Assert.Contains("AT+CSQ", error.Message);
        Assert.Contains("reopen the port", later.Message);
        await h.DisposeAsync();
    }

    [Fact]
    public async Task A_closed_link_fails_a_waiting_follow_up()
    {
        await using var h = new EngineHarness();
        h.Module.On("AT+MIPSTART=\"h\",1883", async x => { await x.SendAsync("\r\nOK\r\n"); await x.CloseLinkAsync(); });

        var error = await Assert.ThrowsAsync<AtLinkClosedException>(() => h.Modem.Mqtt.StartAsync("h", 1883)).Guarded();

        Assert.Contains("waiting for CONNECT OK after AT+MIPSTART", error.Message);
    }
}
