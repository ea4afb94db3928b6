using System.Net;
using System.Net.Sockets;
using LuatHost.Luat.Device;

namespace LuatHost.Luat.Tests;

/// <summary>
/// A UART wired to a PC port, over a real TCP connection: the script hears of new bytes only when the receive buffer
/// was empty (the core's rule, in the comments of Luat's demo/uart: read until nothing is left), and reads take lines
/// or counts.
/// </summary>
public sealed class UartPortTests
{
    [Fact]
    public async Task New_bytes_are_announced_only_when_the_buffer_was_empty_and_reads_take_lines_or_counts()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        var peer = pair.Device;
        await using var port = new UartPort("tcp://test", pair.Uart.GetStream());
        var announced = 0;
        var firstAnnouncement = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var attached = port.Attach(() =>
        {
            Interlocked.Increment(ref announced);
            firstAnnouncement.TrySetResult();
        });

        await peer.GetStream().WriteAsync("ab\r\ncd"u8.ToArray());
        await firstAnnouncement.Task.WaitAsync(Testing.HangGuard.Limit);
        Assert.Equal("a"u8.ToArray(), port.Take(1, line: false));
        // "b\r\ncd" still waits, so "ef" comes without a word.
        await peer.GetStream().WriteAsync("ef"u8.ToArray());
        using (var guard = new CancellationTokenSource(Testing.HangGuard.Limit))
        {
            while (port.Waiting < "b\r\ncdef".Length) await Task.Delay(10, guard.Token);
        }
        Assert.Equal(1, Volatile.Read(ref announced));
        Assert.Equal("b\r\n"u8.ToArray(), port.Take(int.MaxValue, line: true));
        Assert.Equal("cdef"u8.ToArray(), port.Take(int.MaxValue, line: true));

        // Empty again: the next bytes are announced.
        await peer.GetStream().WriteAsync("g"u8.ToArray());
        using (var guard = new CancellationTokenSource(Testing.HangGuard.Limit))
        {
            while (Volatile.Read(ref announced) < 2) await Task.Delay(10, guard.Token);
        }
        Assert.Equal("g"u8.ToArray(), port.Take(int.MaxValue, line: true));
    }

    [Fact]
    public async Task Writes_go_out_in_order_and_each_reports_when_it_has_left()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        var peer = pair.Device;
        await using var port = new UartPort("tcp://test", pair.Uart.GetStream());
        var sent = 0;
        var allSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var i = 0; i < 100; i++)
            port.Write([(byte)i], () => { if (Interlocked.Increment(ref sent) == 100) allSent.TrySetResult(); });

        await allSent.Task.WaitAsync(Testing.HangGuard.Limit);
        var received = new byte[100];
        await peer.GetStream().ReadExactlyAsync(received).AsTask().WaitAsync(Testing.HangGuard.Limit);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (byte)i), received);
    }

    [Fact]
    public async Task A_wired_uart_takes_hostile_arguments_as_Lua_errors_or_empty_reads()
    {
        using var pair = await LoopbackPair.ConnectAsync();
        await using var port = new UartPort("tcp://test", pair.Uart.GetStream());
        var (outcome, lines) = RunWithUart1(port, """
            uart.setup(1, 115200, 8, uart.PAR_NONE, uart.STOP_1)
            print(uart.read(1, 0/0), uart.read(1, -5), uart.read(1, math.huge), uart.read(1, "*x"))
            print(pcall(uart.write, 1, {}))
            uart.write(1, "ok", 0/0, 1e300, -1)
            """);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("\t\t\t", lines[0]);
        Assert.StartsWith("false\tbad argument #2 to 'uart.write'", lines[1]);
        var received = new byte[5];
        await pair.Device.GetStream().ReadExactlyAsync(received).AsTask().WaitAsync(Testing.HangGuard.Limit);
        Assert.Equal("ok"u8.ToArray(), received[..2]);
    }

    [Fact]
    public async Task Writing_faster_than_the_port_sends_is_refused_past_a_megabyte_instead_of_growing_without_bound()
    {
        using var pair = await LoopbackPair.ConnectAsync(); // the device never reads: the port's sends back up
        await using var port = new UartPort("tcp://test", pair.Uart.GetStream());
        var (outcome, lines) = RunWithUart1(port, """
            uart.setup(1, 115200, 8, uart.PAR_NONE, uart.STOP_1)
            local block = string.rep("x", 1024 * 1024)
            for i = 1, 256 do
              local ok, err = pcall(uart.write, 1, block)
              if not ok then print(i > 1, err) break end
            end
            """);

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.StartsWith("true\tuart.write: a megabyte already waits to go out on tcp://test", Assert.Single(lines));
    }

    /// <summary>Runs <paramref name="code"/> in a fresh Luat state whose UART 1 is <paramref name="port"/>; returns what it printed.</summary>
    private static (LuatRunOutcome Outcome, List<string> Lines) RunWithUart1(UartPort port, string code)
    {
        using var project = new LuatTestProject();
        var lines = new List<string>();
        using var loop = new Runtime.EventLoop();
        using var runtime = new LuatRuntime(loop, new LuatRunOptions
        {
            ProjectDirectory = project.ProjectDirectory,
            DataDirectory = project.DataDirectory,
            Output = lines.Add,
            Uarts = new Dictionary<long, UartPort> { [1] = port },
        });
        return (runtime.RunString(code), lines);
    }

    /// <summary>Two ends of a real loopback TCP connection: the UART's, and the device's on the PC port.</summary>
    private sealed class LoopbackPair(TcpClient uart, TcpClient device) : IDisposable
    {
        public TcpClient Uart { get; } = uart;

        public TcpClient Device { get; } = device;

        public static async Task<LoopbackPair> ConnectAsync()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var uart = new TcpClient();
            await uart.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
            return new LoopbackPair(uart, await listener.AcceptTcpClientAsync());
        }

        public void Dispose()
        {
            Uart.Dispose();
            Device.Dispose();
        }
    }
}
