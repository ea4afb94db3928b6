using System.Text;
using LuatHost.Modem;
using LuatHost.Testing.Transcripts;

namespace LuatHost.At.Tests;

/// <summary>
/// Documented real exchanges (tests/FieldTranscripts) played by a scripted peer against the host's engine and Air724
/// dialect: the assertions are what the host concludes from them.
/// </summary>
public sealed class FieldTranscriptTests
{
    [Fact]
    public async Task Boot_with_RDY_twice_is_one_start_and_the_module_is_ready_when_AT_answers()
    {
        var transcript = FieldTranscript.Load("boot-double-rdy.at");
        await using var h = Replay(transcript);
        var boots = 0;
        h.Engine.Rebooted += _ => Interlocked.Increment(ref boots);

        await h.Module.SendAsync(FieldTranscript.Wire(transcript.Unsolicited));
        await h.Modem.Identity.WaitUntilReadyAsync(TimeSpan.FromSeconds(5)).Guarded();

        Assert.Equal(1, Volatile.Read(ref boots));
        Assert.Equal(new LinkState(RadioService.InService, DataContext.Active, SimPresence.Unknown, false), h.Modem.Link.Current);
    }

    [Fact]
    public async Task Sim_hot_plug_is_service_lost_then_back_never_a_reboot()
    {
        var transcript = FieldTranscript.Load("sim-hotplug.at");
        await using var h = Replay(transcript);
        var boots = 0;
        var changes = new List<LinkChange>();
        var back = new TaskCompletionSource();
        h.Engine.Rebooted += _ => Interlocked.Increment(ref boots);
        h.Modem.Link.Changed += c =>
        {
            lock (changes) { changes.Add(c); }
            if (c.Signal == LinkSignal.SimReady) back.TrySetResult();
        };

        await h.Module.SendAsync(FieldTranscript.Wire(transcript.Unsolicited));
        await back.Task.Guarded();

        Assert.Equal(0, Volatile.Read(ref boots));
        Assert.Equal(
            [LinkSignal.ServiceLost, LinkSignal.PdnDown, LinkSignal.SimRemoved, LinkSignal.ServiceBack, LinkSignal.PdnUp, LinkSignal.SimReady],
            changes.Select(c => c.Signal));
        Assert.False(changes[2].After.ServiceAvailable);
        Assert.Equal(new LinkState(RadioService.InService, DataContext.Active, SimPresence.Ready, false), h.Modem.Link.Current);
    }

    [Fact]
    public async Task Anonymous_mqtt_session_connects_publishes_and_closes_as_the_manual_shows()
    {
        var transcript = FieldTranscript.Load("mqtt-anonymous-session.at");
        await using var h = Replay(transcript);
        var mqtt = h.Modem.Mqtt;

        await mqtt.ConfigureAnonymousAsync("anon-724").Guarded();
        await mqtt.StartAsync("mqtt.example.com", 1883).Guarded();
        await mqtt.ConnectAsync(cleanSession: true, keepAliveSeconds: 300).Guarded();
        await mqtt.SubscribeAsync("/luatest/anon", 0).Guarded();
        var upAfterConnect = h.Modem.Link.Current.MqttUp;
        await mqtt.PublishAsync("/luatest/anon/up", "hi", qos: 1).Guarded();
        await mqtt.DisconnectAsync().Guarded();
        await mqtt.CloseAsync(ignoreErrors: false).Guarded();

        Assert.True(upAfterConnect);
        Assert.False(h.Modem.Link.Current.MqttUp);
        Assert.Equal(transcript.Exchanges.Select(e => e.Command), h.Module.Commands);
    }

    [Fact]
    public async Task Numbered_ERROR_ends_an_HTTP_command_at_once_with_its_code()
    {
        var transcript = FieldTranscript.Load("http-error-3.at");
        await using var h = Replay(transcript);
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<AtCommandFailedException>(() => h.Modem.Http.ActionAsync(HttpAction.Get)).Guarded();

        Assert.Equal(3, error.ErrorCode);
        Assert.Equal("ERROR: 3", error.Response.Final);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "ERROR: 3 must be final, not wait for the 9 s timeout");
    }

    [Theory]
    [InlineData("+HTTPHEAD: ")]
    [InlineData("+HTTPREAD: ")]
    public async Task Httphead_answer_is_read_by_length_under_either_prefix(string prefix)
    {
        var transcript = FieldTranscript.Load("httphead.at");
        await using var h = Replay(transcript, line => line.Replace("+HTTPHEAD: ", prefix, StringComparison.Ordinal));

        var headers = Encoding.ASCII.GetString(await h.Modem.Http.ReadHeadersAsync().Guarded());

        Assert.Equal("Content-Type: text/plain\r\nContent-Length: 5\r\n", headers);
    }

    [Fact]
    public async Task Mode_report_alone_changes_nothing_and_coverage_loss_then_return_ends_the_mqtt_session()
    {
        var transcript = FieldTranscript.Load("mqtt-service-flap.at");
        await using var h = new EngineHarness();
        h.Module.On("AT+MCONNECT=1,300", "\r\nOK\r\n", "\r\nCONNACK OK\r\n");
        h.Module.On("AT+MIPSTART=\"h\",1883", "\r\nOK\r\n", "\r\nCONNECT OK\r\n");
        await h.Modem.Mqtt.StartAsync("h", 1883).Guarded();
        await h.Modem.Mqtt.ConnectAsync().Guarded();
        var lost = new List<MqttConnectionLoss>();
        var boots = 0;
        var serviceBack = new TaskCompletionSource();
        h.Modem.Mqtt.ConnectionLost += l => { lock (lost) { lost.Add(l); } };
        h.Engine.Rebooted += _ => Interlocked.Increment(ref boots);
        h.Modem.Link.Changed += c => { if (c.Signal == LinkSignal.PdnUp) serviceBack.TrySetResult(); };
        var lines = transcript.Unsolicited.ToList();

        await h.Module.SendAsync(FieldTranscript.Wire(lines.Take(1)));
        await h.Engine.ExecuteAsync("AT+CSQ").ContinueWith(_ => { }); // a round trip: the lone ^MODE: has been routed
        var upAfterModeReport = h.Modem.Link.Current.MqttUp;
        await h.Module.SendAsync(FieldTranscript.Wire(lines.Skip(1)));
        await serviceBack.Task.Guarded();

        Assert.True(upAfterModeReport);
        Assert.Equal(0, Volatile.Read(ref boots));
        Assert.Contains(MqttConnectionLoss.ServiceLost, lost);
        Assert.False(h.Modem.Link.Current.MqttUp);
        Assert.True(h.Modem.Link.Current.ServiceAvailable);
    }

    /// <summary>A scripted peer that answers each command of the transcript with the lines the transcript shows after it.</summary>
    [Fact]
    public async Task A_stored_message_is_announced_by_cmti_and_read_as_a_header_line_then_the_pdu_line()
    {
        var transcript = FieldTranscript.Load("sms-pdu-receive.at");
        await using var h = Replay(transcript);
        var announced = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Engine.Urcs.Register("+CMTI:", line => announced.TrySetResult(line.Text));

        await h.Module.SendAsync(FieldTranscript.Wire(transcript.Unsolicited));
        Assert.Equal("+CMTI: \"SM\",2", await announced.Task.Guarded());
        var read = await h.Engine.ExecuteAsync("AT+CMGR=2").Guarded();

        Assert.True(read.IsOk);
        // What ril hands a script: the header and the PDU as the data lines, neither taken for an unsolicited line.
        Assert.Equal(transcript.Exchanges.Single().Answer.Take(2), read.Lines.Select(l => l.Text));
    }

    [Fact]
    public async Task A_voice_call_is_dialled_with_ok_and_its_bearer_lines_are_urcs_never_a_reboot()
    {
        var transcript = FieldTranscript.Load("voice-call-dial.at");
        await using var h = Replay(transcript);
        var boots = 0;
        h.Engine.Rebooted += _ => Interlocked.Increment(ref boots);
        var bearer = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Engine.Urcs.Register("+CGEV: NW ACT", line => bearer.TrySetResult(line.Text));
        var (dial, hangUp) = (transcript.Exchanges.First().Command, transcript.Exchanges.Last().Command);

        var dialled = await h.Engine.ExecuteAsync(dial).Guarded();
        Assert.True(dialled.IsOk);
        Assert.Empty(dialled.Lines); // the bearer lines after OK belong to no command
        Assert.Equal("+CGEV: NW ACT 15,7,0", await bearer.Task.Guarded());
        Assert.True((await h.Engine.ExecuteAsync(hangUp).Guarded()).IsOk);
        Assert.Equal(0, Volatile.Read(ref boots));
    }

    [Fact]
    public async Task A_ring_is_unsolicited_ata_answers_with_ok_and_with_nothing_ringing_ends_with_no_carrier()
    {
        var transcript = FieldTranscript.Load("voice-call-answer.at");
        var exchanges = transcript.Exchanges.ToList();
        await using var h = new EngineHarness();
        var ring = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Engine.Urcs.Register("RING", line => ring.TrySetResult(line.Text));

        await h.Module.SendAsync(FieldTranscript.Wire(transcript.Unsolicited));
        Assert.Equal("RING", await ring.Task.Guarded());
        h.Module.On(exchanges[0].Command, FieldTranscript.Wire(exchanges[0].Answer));
        Assert.True((await h.Engine.ExecuteAsync(exchanges[0].Command).Guarded()).IsOk);
        h.Module.On(exchanges[1].Command, FieldTranscript.Wire(exchanges[1].Answer));
        var nothing = await h.Engine.ExecuteAsync(exchanges[1].Command).Guarded();
        // Ended by NO CARRIER (an error), not left to time out as if it were an unsolicited line.
        Assert.Equal((false, "NO CARRIER"), (nothing.IsOk, nothing.Final));
    }

    private static EngineHarness Replay(FieldTranscript transcript, Func<string, string>? edit = null)
    {
        var h = new EngineHarness();
        foreach (var (command, answer) in transcript.Exchanges)
        {
            h.Module.On(command, FieldTranscript.Wire(answer.Select(edit ?? (l => l))));
        }
        return h;
    }
}
