using LuatHost.Luat.Modules;

namespace LuatHost.Luat.Tests;

/// <summary>
/// wifiScan (the API of Luat's lib/wifiScan.lua, as its demo/wifi uses it) on the core's scanner: the access points
/// come back keyed by MAC with their signal, as Luat's library shapes them; a scan that hears nothing fails, as on the
/// PC when no access points are placed.
/// </summary>
public sealed class LuatWifiScanTests
{
    private const string Scan = """
        require "wifiScan"
        wifiScan.request(function(result, cnt, info)
          local macs = {}
          for mac, rssi in pairs(info or {}) do macs[#macs + 1] = mac .. "=" .. rssi end
          table.sort(macs)
          print(result, cnt, table.concat(macs, " "))
          os.exit(0)
        end)
        sys.init(0, 0)
        sys.run()
        """;

    [Fact]
    public void Heard_access_points_come_back_by_mac_with_their_signal()
    {
        using var project = new LuatTestProject();
        project.File("main.lua", LuatProjectHeader.Sys + Scan);
        var result = new LuatProjectRunner(project.Options(accessPoints:
        [
            new WifiAccessPoint("9A:00:74:BD:B0:E8", -63, 2),
            new WifiAccessPoint("08:10:79:99:c4:60", -81, 8),
        ])).Run();

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["true\t2\t08:10:79:99:c4:60=-81 9a:00:74:bd:b0:e8=-63"], project.Lines.Where(l => !l.StartsWith('[')).ToList());
    }

    [Fact]
    public void A_scan_that_hears_nothing_fails_with_a_count_of_zero()
    {
        using var project = new LuatTestProject();
        var result = project.Run(LuatProjectHeader.Sys + Scan);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["false\t0\t"], project.Lines.Where(l => !l.StartsWith('[')).ToList());
    }
}
