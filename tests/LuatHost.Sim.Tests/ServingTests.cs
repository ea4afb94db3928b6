using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LuatHost.Sim.Module;
using LuatHost.Sim.Module.Serving;

namespace LuatHost.Sim.Tests;

/// <summary>The module exposed over a TCP listener and over a Linux pty, as <c>luathost sim</c> does.</summary>
public sealed class ServingTests
{
    [Fact]
    public async Task Tcp_server_gives_each_client_a_booting_module_that_answers_at()
    {
        await using var server = new ModuleTcpServer(new IPEndPoint(IPAddress.Loopback, 0), new ModuleOptions()).Start();
        using var client = new TcpClient();
        await client.ConnectAsync(server.EndPoint);
        var stream = client.GetStream();
        var expected = "\r\nRDY\r\n\r\n^MODE: 17,17\r\n\r\n+E_UTRAN Service\r\n\r\n+CGEV: ME PDN ACT 1,0\r\n";
        Assert.Equal(expected, await ReadAsync(stream, expected.Length));
        await stream.WriteAsync("AT\r"u8.ToArray());
        Assert.Equal("AT\r\r\nOK\r\n", await ReadAsync(stream, 9));
    }

    [Fact]
    public async Task Serial_port_on_the_pty_path_gets_ok_for_at()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // pty serving is Linux-only
        }
        await using var server = PtyModuleServer.Start(new ModuleOptions { EmitRdy = false });
        await server.Module.Booted;
        using var port = new SerialPort(server.DevicePath, 115200) { ReadTimeout = 20000, NewLine = "\r\n" };
        port.Open();
        port.DiscardInBuffer();
        port.Write("ATE0\r");
        ReadUntil(port, "OK\r\n");
        port.Write("AT\r");
        Assert.Equal("\r\nOK\r\n", ReadUntil(port, "OK\r\n"));
    }

    private static string ReadUntil(SerialPort port, string terminator)
    {
        var text = new StringBuilder();
        while (!text.ToString().EndsWith(terminator, StringComparison.Ordinal))
        {
            text.Append((char)port.ReadByte());
        }
        return text.ToString();
    }

    private static async Task<string> ReadAsync(Stream stream, int count)
    {
        var buffer = new byte[count];
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await stream.ReadExactlyAsync(buffer, guard.Token);
        return Encoding.ASCII.GetString(buffer);
    }
}
