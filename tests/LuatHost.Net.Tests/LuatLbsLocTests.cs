using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests;

/// <summary>
/// The lbsLoc library against a UDP server standing in for bs.openluat.com, which reads the request and answers in
/// the layout Luat's lib/lbsLoc.lua builds and parses (the product key, flags, the IMEI in BCD, the MUID, the serving
/// cell from AT+CEREG; the answer's BCD degrees and six time bytes).
/// </summary>
public sealed class LuatLbsLocTests : IAsyncLifetime
{
    private readonly UdpClient _server = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly List<byte[]> _requests = [];
    private readonly CancellationTokenSource _stop = new();
    private ModemLink _link = null!;
    private Task _serving = Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var port = ((IPEndPoint)_server.Client.LocalEndPoint!).Port;
        _link = await ModemLink.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap().Add("bs.openluat.com", "127.0.0.1", port, RemoteProtocol.Udp),
            SignalQuality = 23,
        });
        _serving = ServeAsync();
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Dispose();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        await _link.DisposeAsync();
    }

    // First request: a position and the time; second: "nothing found" (a first byte other than 0 or 0xFF); later ones:
    // no answer at all.
    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var received = await _server.ReceiveAsync(_stop.Token);
            int count;
            lock (_requests)
            {
                _requests.Add(received.Buffer);
                count = _requests.Count;
            }
            byte[]? answer = count switch
            {
                // 031.2425864 and 121.4736522 as BCD (low digit first), then 2017-07-11 18:59:48.
                1 => [0x00, 0x30, 0x21, 0x24, 0x85, 0x46, 0x21, 0x41, 0x37, 0x56, 0x22, 0x11, 0x07, 0x0B, 0x12, 0x3B, 0x30],
                2 => [0x01],
                _ => null,
            };
            if (answer is not null) await _server.SendAsync(answer, received.RemoteEndPoint, _stop.Token);
        }
    }

    [Fact]
    public async Task A_request_carries_the_device_and_its_cell_and_the_answer_or_its_absence_comes_back_as_luat_reports_it()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("lbsLoc", """
            PRODUCT_KEY = "testkey"
            -- The request carries the MUID, which the host reads from the module at start-up.
            for _ = 1, 100 do if misc.getMuid() ~= "" then break end sys.wait(100) end
            local function report(result, lat, lng, addr, time, locType)
              print("loc", result, lat, lng, addr, time and time:toHex(), locType)
              sys.publish("LOC_DONE")
            end
            lbsLoc.request(report, nil, nil, nil, nil, nil, true) sys.waitUntil("LOC_DONE")
            lbsLoc.request(report) sys.waitUntil("LOC_DONE")
            lbsLoc.request(report, nil, 300) sys.waitUntil("LOC_DONE")
            local ok, err = pcall(function() PRODUCT_KEY = nil lbsLoc.request(report) end)
            print("no key", ok, (err:gsub("^.-:%d+: ", "")))
            """, _link);

        script.AssertPrinted(
            "loc\t0\t031.2425864\t121.4736522\tnil\t11070B123B30\t0",
            "loc\t5\tnil\tnil\tnil\tnil\tnil",
            "loc\t4\tnil\tnil\tnil\tnil\tnil",
            "no key\tfalse\tundefine PRODUCT_KEY in main.lua");
        Assert.Equal(0, result.ExitCode);
        byte[][] requests;
        lock (_requests) requests = [.. _requests];
        Assert.Equal(2 + 3, requests.Length); // the silent server got the third request three times

        var r = requests[0];
        var at = 0;
        Assert.Equal("testkey", System.Text.Encoding.ASCII.GetString(r, 1, r[at]));
        at += 1 + r[0];
        Assert.Equal(4 + 8 + 32, r[at++]); // time asked for, and the two bits Luat always sets
        Assert.Equal("68764140035771F4", Convert.ToHexString(r, at, 8)); // IMEI 866714043075174 in BCD
        at += 8;
        Assert.Equal(new ModuleIdentity().Muid, System.Text.Encoding.ASCII.GetString(r, at + 1, r[at]));
        at += 1 + r[at];
        Assert.Equal(1, r[at++]); // one location area
        Assert.Equal(0x18BE, BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(at)));
        Assert.Equal(460, BinaryPrimitives.ReadUInt16BigEndian(r.AsSpan(at + 2)));
        Assert.Equal(4, r[at + 4]); // MNC of IMSI 46004…
        Assert.Equal(23, r[at + 5]); // no more cells in the area, rssi 23
        Assert.Equal(0x0B4F93E1, BinaryPrimitives.ReadInt32BigEndian(r.AsSpan(at + 6)));
        Assert.Equal(0, r[at + 10]); // no Wi-Fi hotspots
        Assert.Equal(at + 11, r.Length);
    }
}
