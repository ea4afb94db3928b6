using System.Net;
using System.Net.Sockets;
using System.Text;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>
/// The gps library (the API of Luat's lib/gps.lua) against a receiver on a PC port (<c>--uart 2=tcp://…</c>) that sends
/// sentences real receivers sent, captured in public logs: a u-blox fix near Helsinki (the sample lines of
/// github.com/elmot/rp2040-data-logger, src/data_processing.c), a receiver without a fix (github.com/hb9kns/gpsnmea,
/// scratch.md), a C-Nav3050 fix in the Pacific (R2R cruise data "C-Nav3050.txt"), and the GSV example of Dale DePriest's
/// NMEA reference. The expected degrees are what Luat's own degreeMinuteToDegree gives (cut, not rounded).
/// </summary>
public sealed class GpsReceiverTests
{
    private static readonly string[] NoFix =
    [
        "$GPGGA,210210.000,5347.5779,N,00754.1630,E,0,00,0.0,52.8,M,0.0,M,,0000*59",
        "$GPRMC,210209.000,V,5347.5779,N,00754.1630,E,000.0,000.0,300717,,,N*77",
    ];

    private static readonly string[] Helsinki =
    [
        "$GPGGA,201229.00,6026.86958,N,02217.14119,E,1,08,0.96,66.1,M,18.7,M,,*6C",
        "$GPRMC,201230.00,A,6026.86949,N,02217.14087,E,0.689,,150722,,,A*72",
        "$GPGSV,2,1,08,01,40,083,46,02,17,308,41,12,07,344,39,14,22,228,45*75",
        // The log has only the first of the cycle's two GSV parts. A new cycle (part 1 again) in the same burst makes
        // the strongest signal of the last complete cycle known before the fix's callback, whichever second it comes
        // in: with one part a burst, it took the next burst (300 ms later), which a loaded run once did not deliver.
        "$GPGSV,2,1,08,01,40,083,46,02,17,308,41,12,07,344,39,14,22,228,45*75",
    ];

    private static readonly string[] Pacific =
    [
        "$GNRMC,000001.00,A,2304.167961,N,16553.836924,W,7.87,100.6,111214,0,E,D*17",
        "$GNGGA,000001.00,2304.167961,N,16553.836924,W,2,11,1.0,44.542,M,0.000,M,2.0,0103*43",
    ];

    private const string Script = """
        PROJECT = "GPS"
        VERSION = "1.0.0"
        require "sys"
        require "gps"
        gps.setUart(2, 9600, 8, uart.PAR_NONE, uart.STOP_1)
        gps.setParseItem(true, true, false)
        sys.subscribe("GPS_STATE", function(event, fixed) print("state", event, fixed) end)
        local function show(tag)
          local l = gps.getLocation()
          print("cb", tag, gps.isOpen(), gps.isFix(), l.lngType, l.lng, l.latType, l.lat)
          print("numbers", gps.getAltitude(), gps.getSpeed(), gps.getCourse(), gps.getViewedSateCnt(), gps.getUsedSateCnt())
          local m = gps.getLocation("DEGREE_MINUTE")
          print("minutes", m.lng, m.lat, gps.getGgaloc())
          local t = gps.getUtcTime()
          if t then print("utc", t.year, t.month, t.day, t.hour, t.min, t.sec) end
          print("gsv", gps.getGsv(), gps.getMaxSignalStrength())
        end
        gps.open(gps.TIMERORSUC, {tag = "FIX", val = WAIT, cb = function(tag)
          show(tag)
          sys.timerStart(os.exit, 300, 0)
        end})
        sys.init(0, 0)
        sys.run()
        """;

    [Fact]
    public async Task A_fix_from_a_real_receivers_sentences_comes_in_luats_shapes_and_ends_a_timerorsuc_application()
    {
        var (exitCode, stdout, stderr) = await RunWithReceiverAsync(30, [NoFix, NoFix, Helsinki]);

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        Assert.Equal(
        [
            "state\tOPEN\tnil",
            "state\tLOCATION_SUCCESS\tnil",
            "cb\tFIX\ttrue\ttrue\tE\t022.2856811\tN\t60.4478248",
            "numbers\t66\t0\t0\t8\t8",
            "minutes\t02217.14087\t6026.86949\t02217.14119\t6026.86958",
            "utc\t2022\t7\t15\t20\t12\t30",
            "gsv\t01,40,083,46,02,17,308,41,12,07,344,39,14,22,228,45,\t46",
            "state\tCLOSE\ttrue",
        ], ScriptLines(stdout));
    }

    [Fact]
    public async Task West_longitudes_speed_in_knots_and_a_differential_fix_read_as_luat_reads_them()
    {
        var (exitCode, stdout, stderr) = await RunWithReceiverAsync(30, [Pacific]);

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        var lines = ScriptLines(stdout);
        Assert.Contains("cb\tFIX\ttrue\ttrue\tW\t165.8972820\tN\t23.0694660", lines);
        // 7.87 knots → 7 whole knots → 12 km/h (7 × 1.852, cut); course 100.6 → 100; no GSV: none seen.
        Assert.Contains("numbers\t44\t12\t100\t0\t11", lines);
        Assert.Contains("minutes\t16553.836924\t2304.167961\t-16553.836924\t2304.167961", lines);
    }

    [Fact]
    public async Task With_no_receiver_attached_the_gps_opens_never_fixes_and_the_application_ends_when_its_time_is_up()
    {
        using var project = new LuaProject().File("main.lua", Script.Replace("WAIT", "2"));
        var (exitCode, stdout, stderr) = await LuathostProcess.RunAsync(project.DataDirectory, LuaRun.HangGuard,
            "run", project.ProjectDirectory, "--for", "20s");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        Assert.Equal(
        [
            "state\tOPEN\tnil",
            "cb\tFIX\ttrue\tfalse\tE\t\tN\t",
            "numbers\t0\t0\t0\t0\t0",
            "minutes\t\t\t\t",
            "gsv\t\t0",
            "state\tCLOSE\tfalse",
        ], ScriptLines(stdout));
    }

    /// <summary>Runs the script against a receiver on a TCP port that repeats the bursts, one every 300 ms, the last for ever.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunWithReceiverAsync(int wait, string[][] bursts)
    {
        using var project = new LuaProject().File("main.lua", Script.Replace("WAIT", wait.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var receiver = new TcpListener(IPAddress.Loopback, 0);
        receiver.Start();
        var port = ((IPEndPoint)receiver.LocalEndpoint).Port;
        var run = LuathostProcess.RunAsync(project.DataDirectory, LuaRun.HangGuard,
            "run", project.ProjectDirectory, "--uart", $"2=tcp://127.0.0.1:{port}@9600", "--for", "60s");
        using var peer = await receiver.AcceptTcpClientAsync().WaitAsync(LuaRun.HangGuard);
        using var stop = new CancellationTokenSource();
        var talking = Task.Run(async () =>
        {
            var stream = peer.GetStream();
            try
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var burst = bursts[Math.Min(i, bursts.Length - 1)];
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(string.Concat(burst.Select(s => s + "\r\n"))), stop.Token);
                    await Task.Delay(300, stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
                // The run ended and closed the port.
            }
        });
        var result = await run;
        await stop.CancelAsync();
        await talking;
        return result;
    }

    private static List<string> ScriptLines(string stdout) =>
        stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('[')).ToList();
}
