using System.Net;
using System.Net.Sockets;
using System.Text;
using LuatHost.Modem;
using LuatHost.Transport;

namespace LuatHost.At.Tests;

public sealed class TransportTests
{
    [Fact]
    public async Task Engine_talks_to_a_module_behind_a_tcp_serial_server()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accept = listener.AcceptTcpClientAsync();
        await using var engine = new AtEngine(await TransportFactory.OpenAsync($"tcp://127.0.0.1:{port}").Guarded(), Air724Dialect.Table);
        using var client = await accept.Guarded();
        await using var module = new ScriptedModule(client.GetStream(), echo: true);
        module.On("AT+CGSN", "\r\n867435051234567\r\n\r\nOK\r\n");

        var imei = await new Air724(engine).Identity.GetImeiAsync().Guarded();

        Assert.Equal("867435051234567", imei);
    }

    [Fact]
    public async Task Engine_talks_to_a_module_through_a_real_serial_port_on_a_pty()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // pty pairs via posix_openpt are exercised on Linux only
        }
        var (master, slavePath) = PtyPair.Open();
        await using var module = new ScriptedModule(master, echo: true);
        module.On("AT+CSQ", "\r\n+CSQ: 26,99\r\n\r\nOK\r\n");
        var engine = new AtEngine(await TransportFactory.OpenAsync(slavePath, new TransportOptions { BaudRate = 115200 }).Guarded(), Air724Dialect.Table);
        try
        {
            var csq = await new Air724(engine).Identity.GetSignalQualityAsync().Guarded();

            Assert.Equal(26, csq.Rssi);
        }
        finally
        {
            // Close the tty first: the master's blocked read then ends with EIO and the module loop stops.
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public async Task Recording_writes_both_directions_with_timestamps_and_masks_secrets()
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        var transcript = new StringWriter();
        var redactor = new SecretRedactor(Air724Dialect.Table);
        var recorded = new RecordingStream(host, transcript, new TranscriptRedactor(redactor, Air724Dialect.Table).Redact);
        await using (var module = new ScriptedModule(device, echo: true))
        {
            module.On("AT+MCONFIG=\"c\",\"u\",\"hunter22\"", "\r\nOK\r\n");
            await using var engine = new AtEngine(recorded, Air724Dialect.Table);
            await new Air724(engine).Mqtt.ConfigureAsync("c", "u", "hunter22").Guarded();
        }
        var lines = transcript.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("# luathost transcript v1", lines[0]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z -> AT\+MCONFIG=""c"",""u"",\*\*\*\\r$", lines[1]);
        Assert.Contains(lines, l => l.EndsWith(@" <- \r\nOK\r\n", StringComparison.Ordinal) || l.EndsWith(@" <- OK\r\n", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter22", transcript.ToString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Recording_masks_the_sn_answer_of_wisn_that_no_one_has_registered_yet(bool echo)
    {
        const string sn = "SnSecretForTranscript0123456789";
        var (host, device) = InMemoryDuplex.CreatePair();
        var transcript = new StringWriter();
        var recorded = new RecordingStream(host, transcript, new TranscriptRedactor(new SecretRedactor(Air724Dialect.Table), Air724Dialect.Table).Redact);
        await using (var module = new ScriptedModule(device, echo))
        {
            module.On("AT+WISN?", $"\r\n{sn}\r\n\r\nOK\r\n");
            module.On("AT+CSQ", "\r\n+CSQ: 29,99\r\n\r\nOK\r\n");
            // Its own redactor has never seen the SN: only the transcript's position rule can mask it.
            await using var engine = new AtEngine(recorded, Air724Dialect.Table, new AtEngineOptions { Redactor = new SecretRedactor(Air724Dialect.Table) });
            await engine.ExecuteAsync("AT+WISN?").Guarded();
            await engine.ExecuteAsync("AT+CSQ").Guarded();
        }
        var text = transcript.ToString();

        Assert.Contains(" -> AT+WISN?\\r", text);
        Assert.Contains(" <- ***\\r\\n", text);
        Assert.Contains("+CSQ: 29,99", text);
        Assert.DoesNotContain(sn, text);
    }

    [Fact]
    public async Task Recording_masks_the_device_secret_and_iot_token_of_auth_answers_read_with_httpread()
    {
        // The answers of /auth/register/device and /auth/devicename (seed tutorial); the host has registered neither yet.
        var answer = "{\"code\":200,\"data\":{\"deviceName\":\"d1\",\"deviceSecret\":\"DsFromRegister0123\",\"iotToken\":\"^1^1589511374876^TokenFromAuth\"},\"message\":\"success\"}";
        var (host, device) = InMemoryDuplex.CreatePair();
        var transcript = new StringWriter();
        var recorded = new RecordingStream(host, transcript, new TranscriptRedactor(new SecretRedactor(Air724Dialect.Table), Air724Dialect.Table).Redact);
        await using (var module = new ScriptedModule(device, echo: true))
        {
            module.On("AT+HTTPREAD", $"\r\n+HTTPREAD: {answer.Length}\r\n{answer}\r\nOK\r\n");
            await using var engine = new AtEngine(recorded, Air724Dialect.Table, new AtEngineOptions { Redactor = new SecretRedactor(Air724Dialect.Table) });
            var body = await new Air724(engine).Http.ReadBodyAsync().Guarded();
            Assert.Equal(answer, System.Text.Encoding.UTF8.GetString(body));
        }
        var text = transcript.ToString();

        Assert.Contains("\"deviceSecret\":\"***\"", text);
        Assert.Contains("\"iotToken\":\"***\"", text);
        Assert.DoesNotContain("DsFromRegister0123", text);
        Assert.DoesNotContain("TokenFromAuth", text);
    }

    [Fact]
    public async Task In_memory_pair_carries_bytes_both_ways_and_closing_one_end_ends_the_other()
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        await host.WriteAsync("ping"u8.ToArray());
        await device.WriteAsync("pong"u8.ToArray());
        var fromHost = new byte[4];
        var fromDevice = new byte[4];
        await device.ReadExactlyAsync(fromHost).AsTask().Guarded();
        await host.ReadExactlyAsync(fromDevice).AsTask().Guarded();

        await host.DisposeAsync();
        var afterClose = await device.ReadAsync(new byte[1]).AsTask().Guarded();

        Assert.Equal("ping", Encoding.ASCII.GetString(fromHost));
        Assert.Equal("pong", Encoding.ASCII.GetString(fromDevice));
        Assert.Equal(0, afterClose);
        Assert.Throws<IOException>(() => device.Write("x"u8));
    }

    [Theory]
    [InlineData("tcp://127.0.0.1:7000", PortKind.Tcp, "127.0.0.1", 7000)]
    [InlineData("/dev/ttyUSB0", PortKind.Serial, null, 0)]
    [InlineData("COM3", PortKind.Serial, null, 0)]
    public void Port_specs_parse_into_serial_or_tcp(string spec, PortKind kind, string? host, int port)
    {
        var parsed = PortSpec.Parse(spec);

        Assert.Equal((kind, host, port), (parsed.Kind, parsed.Host, parsed.Port));
    }

    [Fact]
    public async Task A_missing_serial_port_gives_one_error_naming_the_port_and_what_to_do()
    {
        var error = await Assert.ThrowsAsync<TransportException>(() => TransportFactory.OpenAsync("/dev/ttyNOPE9")).Guarded();

        Assert.Contains("/dev/ttyNOPE9", error.Message);
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("luathost ports", error.Message);
    }

    [Fact]
    public async Task A_refused_tcp_port_gives_one_error_naming_the_endpoint()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var error = await Assert.ThrowsAsync<TransportException>(() => TransportFactory.OpenAsync($"tcp://127.0.0.1:{port}")).Guarded();

        Assert.Contains($"tcp://127.0.0.1:{port}", error.Message);
    }

    [Theory]
    [InlineData("tcp://nohost")]
    [InlineData("tcp://host:99999")]
    [InlineData("  ")]
    public void Malformed_port_specs_are_refused_with_an_example(string spec)
    {
        var error = Assert.Throws<TransportException>(() => PortSpec.Parse(spec));

        Assert.Contains("tcp://", error.Message);
    }

    [Fact]
    public void Port_listing_never_throws_and_has_no_duplicates()
    {
        var names = SerialPortList.GetPortNames();

        Assert.Equal(names.Count, names.Distinct().Count());
    }
}
