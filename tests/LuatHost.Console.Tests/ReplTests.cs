using LuatHost.Console.Tests.Support;

namespace LuatHost.Console.Tests;

/// <summary>`luathost repl` as a learner pipes a lesson into it: the real CLI, virtual module and local cloud.</summary>
public sealed class ReplTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private Task<CliResult> ReplAsync(string input) => CliProcess.RunAsync(_folder.Root, input, "repl");

    [Fact]
    public async Task Piped_expressions_print_their_values_and_misc_getImei_gives_the_modules_imei()
    {
        var result = await ReplAsync("= 1+1\n= misc.getImei()\n");

        Assert.Equal(0, result.ExitCode);
        // 866714043075174: the tutorial's module, whose IMEI is its DeviceName (seed tutorial, 一机一密 triple).
        Assert.Equal(["2", "866714043075174"], result.OutputLines);
    }

    [Fact]
    public async Task A_bare_expression_prints_like_lua_and_several_values_are_tab_separated()
    {
        // lua5.4 prints `= 7 // 2, "x" .. 1` as "3\tx1" and string.format("%5.1f", 3.14159) as "  3.1".
        var result = await ReplAsync("7 // 2, \"x\" .. 1\nstring.format(\"%5.1f\", 3.14159)\n");

        Assert.Equal(["3\tx1", "  3.1"], result.OutputLines);
    }

    [Fact]
    public async Task A_function_typed_over_several_lines_is_one_chunk()
    {
        var result = await ReplAsync("function double(x)\n  return x * 2\nend\n= double(21)\n");

        Assert.Equal(["42"], result.OutputLines);
    }

    [Fact]
    public async Task The_prompt_survives_runtime_and_syntax_errors()
    {
        var result = await ReplAsync("x = nil + 1\nerror(\"boom\")\nlocal = 3\n= \"still here\"\n");

        Assert.Equal(0, result.ExitCode);
        var lines = result.OutputLines;
        Assert.Equal(4, lines.Length);
        Assert.Equal("stdin:1: attempt to perform arithmetic on a nil value", lines[0]);
        Assert.Equal("stdin:1: boom", lines[1]);
        Assert.StartsWith("stdin:1: <name> expected near '='", lines[2], StringComparison.Ordinal);
        Assert.Equal("still here", lines[3]);
    }

    [Fact]
    public async Task Sys_wait_typed_at_the_prompt_runs_in_its_own_task_and_the_next_input_runs_first()
    {
        var result = await ReplAsync("sys.wait(300) print(\"late\")\nprint(\"early\")\n");

        Assert.Equal(["early", "late"], result.OutputLines);
    }

    [Fact]
    public async Task Timers_fire_between_inputs()
    {
        var result = await ReplAsync("sys.timerStart(function() print(\"tick\") end, 50)\nsys.wait(400) print(\"done waiting\")\n");

        Assert.Equal(["tick", "done waiting"], result.OutputLines.Where(l => !l.StartsWith("thread:", StringComparison.Ordinal) && !long.TryParse(l, out _)));
    }

    [Fact]
    public async Task Project_modules_in_the_working_folder_are_found_by_require()
    {
        _folder.Write("greeter.lua", "module(..., package.seeall)\nfunction hello(name) return \"hi \" .. name end\n");

        var result = await ReplAsync("require \"greeter\"\n= greeter.hello(\"luat\")\n");

        Assert.Contains("hi luat", result.OutputLines);
    }

    [Fact]
    public async Task Dot_load_runs_a_file_and_dot_help_lists_the_commands()
    {
        _folder.Write("lesson.lua", "lessonValue = 6 * 7\nprint(\"loaded\")\n");

        var result = await ReplAsync(".load lesson.lua\n= lessonValue\n.help\n.load missing.lua\n");

        Assert.Equal("loaded", result.OutputLines[0]);
        Assert.Equal("42", result.OutputLines[1]);
        Assert.Contains(result.OutputLines, l => l.Contains(".load file.lua", StringComparison.Ordinal));
        Assert.Contains(result.OutputLines, l => l.StartsWith(".load: cannot read missing.lua", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Input_that_ends_inside_a_chunk_is_reported_not_run()
    {
        var result = await ReplAsync("print(\"before\")\nfor i = 1, 3 do\n  print(i)\n");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["before"], result.OutputLines);
        Assert.Contains("unfinished chunk", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_port_the_repl_talks_to_a_module_over_its_link()
    {
        // `luathost sim` stands in for a real module on a TCP link (as ser2net would), with an IMEI of our choosing.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var sim = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "luathost.dll"), "sim", "--listen", $"tcp://127.0.0.1:{port}", "--imei", "862991419835241" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            _ = sim.StandardError.ReadToEndAsync();
            // stdout: "virtual Air724UG listening on tcp://…" once it accepts connections.
            while (await sim.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line && !line.Contains("listening", StringComparison.Ordinal))
            {
            }

            var result = await CliProcess.RunAsync(_folder.Root, "= misc.getImei()\n", "repl", "--port", $"tcp://127.0.0.1:{port}");

            Assert.Equal(["862991419835241"], result.OutputLines);
            Assert.DoesNotContain("console", result.StandardError, StringComparison.Ordinal);
        }
        finally
        {
            sim.Kill(entireProcessTree: true);
            await sim.WaitForExitAsync();
            sim.Dispose();
        }
    }

    [Fact]
    public async Task With_uart_the_prompt_talks_to_a_device_on_a_port_of_the_PC()
    {
        // A device on a TCP serial server: it answers "ping" with "pong".
        using var device = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        device.Start();
        var port = ((System.Net.IPEndPoint)device.LocalEndpoint).Port;
        var heard = AnswerAsync(device);

        var result = await CliProcess.RunAsync(_folder.Root,
            "uart.setup(1, 115200, 8, uart.PAR_NONE, uart.STOP_1)\n" +
            "uart.write(1, \"ping\\r\\n\")\n" +
            // The port's reader fills the buffer on its own thread, so polling it at the prompt sees the answer.
            "local got, t = \"\", os.clock() while got == \"\" and os.clock() - t < 20 do got = uart.read(1, \"*l\") end print(\"got \" .. got:gsub(\"%s+$\", \"\"))\n",
            "repl", "--uart", $"1=tcp://127.0.0.1:{port}");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("ping", await heard);
        Assert.Contains("got pong", result.OutputLines);
    }

    private static async Task<string> AnswerAsync(System.Net.Sockets.TcpListener device)
    {
        using var client = await device.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        var line = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await stream.WriteAsync("pong\r\n"u8.ToArray());
        // Stay connected until the REPL ends, so the answer is not cut off by a close.
        await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);
        return line ?? "";
    }

    [Fact]
    public async Task The_repl_prints_the_console_url_of_its_local_cloud()
    {
        var result = await ReplAsync("= 1\n");

        Assert.Matches(@"console \(web page of the local cloud\): http://127\.0\.0\.1:\d+/", result.StandardError);
    }
}
