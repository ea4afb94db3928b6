using System.Net;
using System.Net.Sockets;
using System.Text;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>
/// `luathost run --uart 1=tcp://…`: the script's UART 1 is a port of the PC, here a TCP peer standing in for an MCU on a
/// serial server. The script is written as Luat's demo/uart writes it: uart.on(id, "receive") reads lines until
/// uart.read returns "", uart.on(id, "sent") after each write of a port set up with txDoneReport.
/// </summary>
public sealed class UartBridgeTests
{
    private const string Script = """
        PROJECT = "UART"
        VERSION = "1.0.0"
        require "sys"
        local sent = 0
        uart.on(1, "sent", function() sent = sent + 1 end)
        uart.on(1, "receive", function()
          while true do
            local line = uart.read(1, "*l")
            if line == "" then break end
            line = line:gsub("\r?\n$", "")
            print("uart got", line)
            if line == "bye" then
              uart.write(1, "sent ", tostring(sent), 13, 10)
              sys.timerStart(os.exit, 500, 0)
            else
              uart.write(1, "echo:" .. line .. "\r\n")
            end
          end
        end)
        uart.setup(1, 115200, 8, uart.PAR_NONE, uart.STOP_1, nil, 1)
        uart.write(1, "ready\r\n")
        sys.init(0, 0)
        sys.run()
        """;

    [Fact]
    public async Task Lines_from_the_PC_port_reach_the_script_and_its_writes_and_sent_callbacks_come_back()
    {
        using var project = new LuaProject().File("main.lua", Script);
        using var mcu = new TcpListener(IPAddress.Loopback, 0);
        mcu.Start();
        var port = ((IPEndPoint)mcu.LocalEndpoint).Port;
        var run = LuathostProcess.RunAsync(project.DataDirectory, LuaRun.HangGuard,
            "run", project.ProjectDirectory, "--uart", $"1=tcp://127.0.0.1:{port}", "--for", "60s");

        using var peer = await mcu.AcceptTcpClientAsync().WaitAsync(LuaRun.HangGuard);
        var stream = peer.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        async Task<string> LineAsync() => (await reader.ReadLineAsync().WaitAsync(LuaRun.HangGuard))!;

        Assert.Equal("ready", await LineAsync()); // written right after uart.setup: from now on the script hears
        await stream.WriteAsync("hello\r\n"u8.ToArray());
        Assert.Equal("echo:hello", await LineAsync());
        // "*l" hands over what waits when no line is complete yet (Luat's NO_TIMEOUT read), so a line that arrives in
        // two pieces may be read as two.
        await stream.WriteAsync("a line in two"u8.ToArray());
        await Task.Delay(50);
        await stream.WriteAsync(" pieces\r\n"u8.ToArray());
        var echoes = new List<string> { await LineAsync() };
        while (!echoes[^1].EndsWith("pieces", StringComparison.Ordinal)) echoes.Add(await LineAsync());
        await stream.WriteAsync("bye\r\n"u8.ToArray());
        var sentLine = await LineAsync();
        var (exitCode, stdout, stderr) = await run;

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        Assert.Equal("echo:a line in two pieces", string.Concat(echoes.Select((e, i) => i == 0 ? e : e["echo:".Length..])));
        // Every write before "bye" (ready, hello's echo, the pieces' echoes) got its "sent" callback.
        Assert.Equal($"sent {2 + echoes.Count}", sentLine);
        Assert.Contains("uart got\thello", stdout, StringComparison.Ordinal);
        Assert.Contains("uart got\tbye", stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5=tcp://127.0.0.1:7000", "uart.ATC")]
    [InlineData("1=tcp://127.0.0.1", "tcp://host:port")]
    [InlineData("one=/dev/ttyUSB1", "must be ID=PORT")]
    [InlineData("1=/dev/ttyUSB1@fast", "not a baud rate")]
    public async Task A_bad_uart_option_is_refused_before_anything_starts_with_a_message_that_names_it(string spec, string expected)
    {
        using var project = new LuaProject().File("main.lua", Script);
        var (exitCode, _, stderr) = await LuathostProcess.RunAsync(project.DataDirectory, LuaRun.HangGuard,
            "run", project.ProjectDirectory, "--uart", spec, "--for", "5s");

        Assert.Equal(2, exitCode);
        Assert.Contains("--uart", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_that_cannot_be_opened_ends_the_run_naming_the_uart_and_the_port()
    {
        using var project = new LuaProject().File("main.lua", Script);
        using var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop(); // nothing listens there now

        var (exitCode, _, stderr) = await LuathostProcess.RunAsync(project.DataDirectory, LuaRun.HangGuard,
            "run", project.ProjectDirectory, "--uart", $"2=tcp://127.0.0.1:{port}", "--for", "5s");

        Assert.Equal(2, exitCode);
        Assert.Contains($"--uart 2=tcp://127.0.0.1:{port}: Cannot connect", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
