using LuatHost.Sim.Module;
using LuatHost.Sim.Tests.Infrastructure;
using LuatHost.Testing.Transcripts;

namespace LuatHost.Sim.Tests;

/// <summary>
/// The virtual module prints what real modules print (tests/FieldTranscripts, typed from public openLuat documents),
/// byte for byte in the module's framing (<c>CRLF line CRLF</c>).
/// </summary>
public sealed class FieldTranscriptTests
{
    [Fact]
    public async Task Boot_prints_RDY_twice_when_the_firmware_does_and_then_answers_AT()
    {
        var transcript = FieldTranscript.Load("boot-double-rdy.at");
        await using var wire = ModuleWire.StartUnread(new ModuleOptions { Realism = new RealismProfile { SecondRdyChance = 1 } });

        await wire.ExpectAsync(ModuleFraming(transcript.Unsolicited));
        foreach (var (command, answer) in transcript.Exchanges)
        {
            await wire.ExchangeAsync(command, command + "\r" + ModuleFraming(answer));
        }
    }

    [Fact]
    public async Task Sim_removal_and_insertion_print_the_hot_plug_sequence()
    {
        var transcript = FieldTranscript.Load("sim-hotplug.at");
        await using var wire = await ModuleWire.StartAsync();

        await wire.Module.Faults.RemoveSimAsync();
        await wire.ExpectAsync(ModuleFraming(transcript.Unsolicited.Take(5)));
        await wire.ExchangeAsync("AT+CPIN?", "AT+CPIN?\r\r\n+CME ERROR: 10\r\n");
        await wire.Module.Faults.InsertSimAsync();
        await wire.ExpectAsync(ModuleFraming(transcript.Unsolicited.Skip(5)));
        await wire.ExchangeAsync("AT+CPIN?", "AT+CPIN?\r\r\n+CPIN: READY\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task A_call_end_reports_the_mode_alone_and_coverage_loss_prints_the_loss_and_return_sequences()
    {
        var transcript = FieldTranscript.Load("mqtt-service-flap.at");
        await using var wire = await ModuleWire.StartAsync();

        await wire.Module.Faults.ReportServiceModeAsync();
        await wire.Module.Faults.LoseCoverageAsync();
        await wire.ExpectAsync(ModuleFraming(transcript.Unsolicited.Take(5)));
        await wire.ExchangeAsync("AT+CGATT?", "AT+CGATT?\r\r\n+CGATT: 0\r\n\r\nOK\r\n");
        await wire.Module.Faults.RestoreCoverageAsync();
        await wire.ExpectAsync(ModuleFraming(transcript.Unsolicited.Skip(5)));
        await wire.ExchangeAsync("AT+CGATT?", "AT+CGATT?\r\r\n+CGATT: 1\r\n\r\nOK\r\n");
    }

    [Fact]
    public async Task A_refused_HTTP_command_ends_with_a_numbered_error()
    {
        var transcript = FieldTranscript.Load("http-error-3.at");
        await using var wire = await ModuleWire.StartAsync();

        foreach (var (command, answer) in transcript.Exchanges)
        {
            await wire.ExchangeAsync(command, command + "\r" + ModuleFraming(answer));
        }
    }

    [Fact]
    public async Task Anonymous_mconfig_with_the_client_id_alone_is_accepted()
    {
        var transcript = FieldTranscript.Load("mqtt-anonymous-session.at");
        await using var wire = await ModuleWire.StartAsync();
        var (command, answer) = transcript.Exchanges.First();

        await wire.ExchangeAsync(command, command + "\r" + ModuleFraming(answer));
        await wire.ExchangeAsync("AT+MCONFIG=\"c\",\"u\",\"p\",\"/will\",1,0,\"bye\"", "AT+MCONFIG=\"c\",\"u\",\"p\",\"/will\",1,0,\"bye\"\r\r\nOK\r\n");
    }

    [Fact]
    public async Task Test_forms_answer_without_acting_and_a_module_without_mpubex_refuses_it()
    {
        await using var wire = await ModuleWire.StartAsync(new ModuleOptions { MpubexSupported = false });

        await wire.ExchangeAsync("AT+HTTPINIT=?", "AT+HTTPINIT=?\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPINIT", "AT+HTTPINIT\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+MPUBEX=?", "AT+MPUBEX=?\r\r\nERROR\r\n");
        await wire.ExchangeAsync("AT+MPUBEX=\"t\",1,0,2", "AT+MPUBEX=\"t\",1,0,2\r\r\nERROR\r\n");
    }

    [Fact]
    public async Task Httphead_prints_the_length_then_the_raw_header_lines_without_a_status_line_as_the_worked_example_shows()
    {
        var transcript = FieldTranscript.Load("httphead.at");
        // The server sends the transcript's two header lines; what the module makes of them is under test.
        await using var server = new FixedHttpResponder("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        await using var wire = await ModuleWire.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap().Add("example.com", "127.0.0.1", server.Port, RemoteProtocol.Http),
        });
        await wire.ExchangeAsync("AT+SAPBR=1,1", "AT+SAPBR=1,1\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPINIT", "AT+HTTPINIT\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPPARA=\"URL\",\"http://example.com/h\"", "AT+HTTPPARA=\"URL\",\"http://example.com/h\"\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+HTTPACTION=0", "AT+HTTPACTION=0\r\r\nOK\r\n\r\n+HTTPACTION: 0,200,5\r\n");

        foreach (var (command, answer) in transcript.Exchanges)
        {
            await wire.ExchangeAsync(command, command + "\r" + CountedFraming(answer));
        }
    }

    [Fact]
    public async Task An_anonymous_mqtt_session_answers_every_step_as_the_openluat_example_does()
    {
        var transcript = FieldTranscript.Load("mqtt-anonymous-session.at");
        await using var broker = await TestBroker.StartAsync();
        broker.Credentials["anon-724"] = ("", "");
        await using var wire = await ModuleWire.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap().Add("mqtt.example.com", "127.0.0.1", broker.PlainPort, RemoteProtocol.MqttTcp),
        });

        foreach (var (command, answer) in transcript.Exchanges)
        {
            await wire.ExchangeAsync(command, command + "\r" + ModuleFraming(answer));
        }
        var (clientId, message) = await broker.NextPublishedAsync();
        Assert.Equal(("anon-724", "/luatest/anon/up"), (clientId, message.Topic));
    }

    [Fact]
    public async Task A_dialled_call_prints_its_bearer_as_the_at_firmware_does_when_asked_to()
    {
        var transcript = FieldTranscript.Load("voice-call-dial.at");
        await using var wire = await ModuleWire.StartAsync(new ModuleOptions { VoiceCallUrcs = VoiceCallUrcs.AtFirmware, CallAnswerDelay = TimeSpan.Zero });

        foreach (var (command, answer) in transcript.Exchanges)
        {
            await wire.ExchangeAsync(command, command + "\r" + ModuleFraming(answer));
        }
        Assert.Equal(["13165****98"], wire.Module.Calls.Dialled);
    }

    [Fact]
    public async Task A_ringing_call_is_answered_with_ok_and_ata_with_nothing_ringing_prints_no_carrier()
    {
        var transcript = FieldTranscript.Load("voice-call-answer.at");
        await using var wire = await ModuleWire.StartAsync();

        Assert.True(await wire.Module.Calls.RingAsync("+8613900000001"));
        await wire.ExpectAsync(ModuleFraming(transcript.Unsolicited)); // AT+CLIP is off: RING alone
        foreach (var (command, answer) in transcript.Exchanges)
        {
            await wire.ExchangeAsync(command, command + "\r" + ModuleFraming(answer));
        }
    }

    /// <summary>
    /// A counted answer (<c>+HTTPHEAD: n</c>, n raw bytes, <c>OK</c>): the header line and OK are framed as any line, the
    /// raw bytes between them are the lines as they are, each ended by CRLF (the blank transcript line is the CRLF that
    /// frames OK).
    /// </summary>
    private static string CountedFraming(IReadOnlyList<string> lines) =>
        "\r\n" + lines[0] + "\r\n" + string.Concat(lines.Skip(1).Take(lines.Count - 3).Select(l => l + "\r\n")) + "\r\n" + lines[^1] + "\r\n";

    /// <summary>The module frames each line as CRLF line CRLF (blank transcript lines carry no bytes of their own).</summary>
    private static string ModuleFraming(IEnumerable<string> lines) => string.Concat(lines.Where(l => l.Length > 0).Select(l => "\r\n" + l + "\r\n"));
}
