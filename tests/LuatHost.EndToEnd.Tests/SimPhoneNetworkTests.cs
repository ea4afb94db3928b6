using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LuatHost.Sim.Module.Sms;

namespace LuatHost.EndToEnd.Tests;

/// <summary>
/// <c>luathost sim</c> as an MCU developer uses it: an AT client on the TCP link sends a short message (the captured
/// PDU of blog.csdn.net/xwchen's session) and sim shows it; a line <c>sms FROM TEXT</c> typed into sim delivers one,
/// which the client is told of (<c>+CMTI</c>) and reads (<c>AT+CMGR</c>); <c>call FROM</c> rings the client
/// (<c>RING</c>, <c>+CLIP</c>), which answers (<c>ATA</c>) until <c>hangup</c> (<c>NO CARRIER</c>); a number the client
/// dials is shown, and is busy with <c>--called-party busy</c>.
/// </summary>
public sealed class SimPhoneNetworkTests
{
    [Fact]
    public async Task Sim_shows_what_the_client_sends_and_dials_and_delivers_and_rings_what_is_typed_into_it()
    {
        var free = new TcpListener(IPAddress.Loopback, 0);
        free.Start();
        var port = ((IPEndPoint)free.LocalEndpoint).Port;
        free.Stop();
        using var sim = Process.Start(new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { Path.Combine(AppContext.BaseDirectory, "luathost.dll"), "sim", "--listen", $"tcp://127.0.0.1:{port}", "--boot-delay-ms", "0", "--called-party", "busy" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var errors = new List<string>();
        var sentShown = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var delivered = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var dialShown = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        sim.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not { } line) return;
            lock (errors) errors.Add(line);
            if (line.StartsWith("sms: to ", StringComparison.Ordinal)) sentShown.TrySetResult(line);
            if (line.StartsWith("sms: delivered", StringComparison.Ordinal)) delivered.TrySetResult(line);
            if (line.StartsWith("call: the module dials", StringComparison.Ordinal)) dialShown.TrySetResult(line);
        };
        sim.BeginErrorReadLine();
        try
        {
            while (await sim.StandardOutput.ReadLineAsync().WaitAsync(LuaRun.HangGuard) is { } line && !line.Contains("listening", StringComparison.Ordinal))
            {
            }
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var stream = client.GetStream();
            var received = new StringBuilder();
            async Task<string> ReadUntilAsync(string text)
            {
                var buffer = new byte[4096];
                while (!received.ToString().Contains(text, StringComparison.Ordinal))
                {
                    var n = await stream.ReadAsync(buffer).AsTask().WaitAsync(LuaRun.HangGuard);
                    if (n == 0) throw new IOException("sim closed the link");
                    received.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                var all = received.ToString();
                received.Clear();
                return all;
            }
            async Task<string> CommandAsync(string command, string until)
            {
                await stream.WriteAsync(Encoding.ASCII.GetBytes(command));
                return await ReadUntilAsync(until);
            }

            await ReadUntilAsync("+CGEV: ME PDN ACT 1,0\r\n");
            await CommandAsync("ATE0\r", "OK\r\n");
            await CommandAsync("AT+CMGF=0\r", "OK\r\n");
            await CommandAsync("AT+CMGS=36\r", "> ");
            await CommandAsync("0011000B913153663797F60008001600490020004C006F0076006500200079006F00750021\u001a", "OK\r\n");
            Assert.Equal("sms: to +13356673796: I Love you!", await sentShown.Task.WaitAsync(LuaRun.HangGuard));

            await sim.StandardInput.WriteLineAsync("sms +8613900000001 你好，MCU");
            await sim.StandardInput.FlushAsync();
            var announced = await ReadUntilAsync("\r\n+CMTI: \"SM\",1\r\n");
            Assert.Equal("sms: delivered from +8613900000001 to SIM slot 1", await delivered.Task.WaitAsync(LuaRun.HangGuard));
            Assert.Contains("+CMTI", announced, StringComparison.Ordinal);
            var read = await CommandAsync("AT+CMGR=1\r", "OK\r\n");
            var pdu = read.Split("\r\n").Single(l => l.Length > 20 && l.All(char.IsAsciiHexDigit));
            var message = SmsPdu.DecodeDeliver(Convert.FromHexString(pdu));
            Assert.Equal(("+8613900000001", "你好，MCU"), (message.Originator, message.Text));

            await CommandAsync("AT+CLIP=1\r", "OK\r\n");
            await sim.StandardInput.WriteLineAsync("call +8613900000001");
            await sim.StandardInput.FlushAsync();
            Assert.Contains("RING\r\n\r\n+CLIP: \"+8613900000001\",145,\"\",0,\"\",0\r\n", await ReadUntilAsync(",0\r\n"), StringComparison.Ordinal);
            await CommandAsync("ATA\r", "OK\r\n");
            Assert.Contains("+CLCC: 1,1,0,0,0,\"+8613900000001\",145\r\n", await CommandAsync("AT+CLCC\r", "OK\r\n"), StringComparison.Ordinal);
            await sim.StandardInput.WriteLineAsync("hangup");
            await sim.StandardInput.FlushAsync();
            await ReadUntilAsync("NO CARRIER\r\n");
            // --called-party busy: the number dialled is engaged.
            await CommandAsync("ATD10086;\r", "OK\r\n");
            await ReadUntilAsync("BUSY\r\n");
            Assert.Equal("call: the module dials 10086 (the line is busy)", await dialShown.Task.WaitAsync(LuaRun.HangGuard));

            await sim.StandardInput.WriteLineAsync("sms not-a-number hi");
            await sim.StandardInput.WriteLineAsync("hello?");
            await sim.StandardInput.FlushAsync();
            using var guard = new CancellationTokenSource(LuaRun.HangGuard);
            while (true)
            {
                lock (errors)
                {
                    if (errors.Any(l => l.Contains("is not a phone number", StringComparison.Ordinal))
                        && errors.Count(l => l.StartsWith("type: sms FROM TEXT", StringComparison.Ordinal)) >= 2) break;
                }
                await Task.Delay(50, guard.Token);
            }
        }
        finally
        {
            sim.Kill(entireProcessTree: true);
            await sim.WaitForExitAsync();
        }
        lock (errors) Assert.DoesNotContain(errors, l => l.Contains("   at ", StringComparison.Ordinal));
    }
}
