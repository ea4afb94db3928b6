using System.Net;
using System.Net.Sockets;
using System.Text;
using LuatHost.Luat.Device;
using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace LuatHost.Net.Tests;

/// <summary>
/// agps with gps, lbsLoc and http, as a tracker project uses them, against stand-ins: the cell-position service (UDP,
/// the layout of Luat's lib/lbsLoc.lua), the ephemeris download (Kestrel at download.openluat.com's path), and an
/// Air530 on UART 2 that sends sentences without a fix and acknowledges binary mode and each ephemeris frame. The frame
/// layouts are the ones Luat's lib/agps.lua writes and lib/gps.lua recognises; the acknowledgements' bytes after their
/// recognised prefix are made up here (no public source shows them).
/// </summary>
public sealed class LuatAgpsTests : IAsyncLifetime
{
    private const int EphemerisBytes = 1200; // three frames of 512
    private readonly UdpClient _lbs = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private WebApplication _web = null!;
    private ModemLink _link = null!;
    private int _downloads;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _web = builder.Build();
        _web.MapGet("/9501-xingli/brdcGPD.dat_rda", () =>
        {
            Interlocked.Increment(ref _downloads);
            return Results.Bytes(TestWebServer.Pattern(EphemerisBytes), "application/octet-stream");
        });
        await _web.StartAsync();
        var webPort = new Uri(_web.Urls.First()).Port;
        _link = await ModemLink.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap()
                .Add("bs.openluat.com", "127.0.0.1", ((IPEndPoint)_lbs.Client.LocalEndPoint!).Port, RemoteProtocol.Udp)
                .Add("download.openluat.com", "127.0.0.1", webPort, RemoteProtocol.Http),
        });
        _ = AnswerPositionsAsync();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _lbs.Dispose();
        await _link.DisposeAsync();
        await _web.DisposeAsync();
    }

    // 031.2425864, 121.4736522 and 2017-07-11 18:59:48 (Beijing time), as in LuatLbsLocTests.
    private async Task AnswerPositionsAsync()
    {
        try
        {
            while (true)
            {
                var request = await _lbs.ReceiveAsync(_stop.Token);
                await _lbs.SendAsync(
                    new byte[] { 0x00, 0x30, 0x21, 0x24, 0x85, 0x46, 0x21, 0x41, 0x37, 0x56, 0x22, 0x11, 0x07, 0x0B, 0x12, 0x3B, 0x30 },
                    request.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    [Fact]
    public async Task A_cell_position_gives_the_receiver_a_fast_fix_and_the_downloaded_ephemeris_is_written_frame_by_frame()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var uartSide = new TcpClient();
        await uartSide.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        using var receiver = await listener.AcceptTcpClientAsync();
        await using var port = new UartPort("tcp://air530", uartSide.GetStream());
        var air530 = new FakeAir530(receiver.GetStream());
        var talking = air530.RunAsync(_stop.Token);

        using var script = new LuatScript();
        var result = await script.RunTaskAsync("gps,agps", """
            gps.setUart(2, 9600, 8, uart.PAR_NONE, uart.STOP_1)
            gps.open(gps.DEFAULT, {tag = "TRACKER"})
            print("located", sys.waitUntil("AGPS_LOCATED", 30000))
            -- agps notes the time once the receiver acknowledged the last frame.
            for _ = 1, 300 do if io.readFile("/ephTime.txt") then break end sys.wait(100) end
            print("eph", io.readFile("/ephTime.txt") ~= nil, #(io.readFile("/ephData.bin") or ""))
            """, _link, uarts: new Dictionary<long, UartPort> { [2] = port },
            limit: TimeSpan.FromSeconds(60));

        await air530.BackInNmea.WaitAsync(Testing.HangGuard.Limit);
        await _stop.CancelAsync();
        await talking;
        Assert.Equal(0, result.ExitCode);
        script.AssertPrinted("located\ttrue\t121.4736522\t031.2425864", "eph\ttrue\t1200");
        Assert.Equal(1, Volatile.Read(ref _downloads));
        // The reference time goes to the receiver in UTC: 18:59:48 Beijing time is 10:59:48 UTC.
        Assert.Contains("$PGKC634,2017,7,11,10,59,48*", air530.Sentences);
        Assert.Contains(air530.Sentences, s => s.StartsWith("$PGKC635,031.2425864,121.4736522,0,2017,7,11,10,59,48*", StringComparison.Ordinal));
        Assert.Contains("$PGKC149,1,9600*", air530.Sentences);
        var pattern = TestWebServer.Pattern(EphemerisBytes);
        Assert.Equal(3, air530.Frames.Count);
        for (var i = 0; i < 3; i++)
        {
            var frame = air530.Frames[i];
            Assert.Equal(Convert.FromHexString("AAF00B026602"), frame[..6]);
            Assert.Equal((byte)i, frame[6]);
            var data = frame[8..^3];
            var expected = pattern.Skip(i * 512).Take(512).ToArray();
            Assert.Equal(expected, data[..expected.Length]);
            Assert.All(data[expected.Length..], b => Assert.Equal(0xFF, b));
            Assert.Equal(frame[2..^3].Aggregate((byte)0, (x, b) => (byte)(x ^ b)), frame[^3]);
        }
        Assert.True(air530.SawEndFrame);
        Assert.Equal(Convert.FromHexString("AAF00E0095000000" + "80250000"), air530.BackToNmea![..12]);
    }

    /// <summary>
    /// An Air530 on the other end of UART 2: NMEA without a fix every 300 ms; on "$PGKC149" it acknowledges binary mode,
    /// each ephemeris frame and the end frame, and returns to NMEA on the baud-rate frame.
    /// </summary>
    private sealed class FakeAir530(NetworkStream stream)
    {
        private const string NoFix = "$GPRMC,210209.000,V,5347.5779,N,00754.1630,E,000.0,000.0,300717,,,N*77\r\n";
        private readonly List<byte> _pending = [];
        private readonly SemaphoreSlim _writing = new(1, 1);
        private readonly TaskCompletionSource _backInNmea = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completes when the baud-rate frame that ends binary mode came.</summary>
        public Task BackInNmea => _backInNmea.Task;

        public List<string> Sentences { get; } = [];
        public List<byte[]> Frames { get; } = [];
        public bool SawEndFrame { get; private set; }
        public byte[]? BackToNmea { get; private set; }

        public async Task RunAsync(CancellationToken stop)
        {
            var talk = TalkAsync(stop);
            var buffer = new byte[4096];
            try
            {
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, stop);
                    if (n == 0) break;
                    _pending.AddRange(buffer.AsSpan(0, n).ToArray());
                    await TakeMessagesAsync(stop);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
            }
            await talk;
        }

        private async Task TalkAsync(CancellationToken stop)
        {
            try
            {
                while (true)
                {
                    await WriteAsync(Encoding.ASCII.GetBytes(NoFix), stop);
                    await Task.Delay(300, stop);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException)
            {
            }
        }

        private async Task WriteAsync(byte[] bytes, CancellationToken stop)
        {
            await _writing.WaitAsync(stop);
            try
            {
                await stream.WriteAsync(bytes, stop);
            }
            finally
            {
                _writing.Release();
            }
        }

        private async Task TakeMessagesAsync(CancellationToken stop)
        {
            while (true)
            {
                if (_pending.Count >= 2 && _pending[0] == 0xAA && _pending[1] == 0xF0)
                {
                    // Binary: the length is known from the kind (frame 0x0B02: 8 + 512 + 3; end 0x0B00: 11; baud 0x0E00: 15).
                    var length = _pending.Count >= 4 ? (_pending[2], _pending[3]) switch
                    {
                        (0x0B, 0x02) => 8 + 512 + 3,
                        (0x0B, 0x00) => 11,
                        _ => 15,
                    } : int.MaxValue;
                    if (_pending.Count < length) return;
                    var frame = _pending.Take(length).ToArray();
                    _pending.RemoveRange(0, length);
                    if (length == 8 + 512 + 3)
                    {
                        Frames.Add(frame);
                        await WriteAsync(Convert.FromHexString("AAF00C0003000100000D0A"), stop);
                    }
                    else if (length == 11)
                    {
                        SawEndFrame = true;
                        await WriteAsync(Convert.FromHexString("AAF00C000300FFFF000D0A"), stop);
                    }
                    else
                    {
                        BackToNmea = frame;
                        _backInNmea.TrySetResult();
                    }
                    continue;
                }
                var end = _pending.IndexOf((byte)'\n');
                if (end < 0) return;
                var line = Encoding.ASCII.GetString(_pending.Take(end + 1).ToArray()).TrimEnd('\r', '\n');
                _pending.RemoveRange(0, end + 1);
                var sentence = line.Length > 3 && line[^3] == '*' ? line[..^2] : line;
                lock (Sentences) Sentences.Add(sentence);
                if (sentence.StartsWith("$PGKC149,", StringComparison.Ordinal))
                {
                    await WriteAsync(Convert.FromHexString("AAF00C0001009500039B0D0A"), stop);
                }
            }
        }
    }
}
