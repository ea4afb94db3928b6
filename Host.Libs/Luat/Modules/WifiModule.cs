using System.Globalization;
using LuatHost.Luat.Binding;
using LuatHost.Luat.Loop;

namespace LuatHost.Luat.Modules;

/// <summary>
/// wifi: the 8910 core's Wi-Fi scanner (for locating by nearby access points; the module has no Wi-Fi link). No AT
/// command reaches it, so a module attached to the PC cannot scan for the host. <c>wifi.getinfo()</c> answers with the
/// access points of <see cref="LuatRunOptions.WifiAccessPoints"/> (none unless a caller places some) as the core does:
/// <c>MSG_WIFI {cnt = n, info = "mac,rssi,channel;…"}</c>, the MAC as 12 hex digits (the shape lib/wifiScan.lua's comment
/// shows); with none, Luat's lib/wifiScan.lua reports a failed scan.
/// </summary>
public static class WifiModule
{
    public static LuatLibrary Library { get; } = new("wifi", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var messages = lib.Context.Messages;
        var heard = lib.Context.Options.WifiAccessPoints;
        var info = string.Concat(heard.Select(ap => string.Create(CultureInfo.InvariantCulture, $"{ap.Mac.Replace(":", "", StringComparison.Ordinal).ToLowerInvariant()},{ap.Rssi},{ap.Channel};")));
        lib.Recorded("getinfo", lua =>
        {
            messages.Enqueue(RtosMessageIds.Wifi, ("cnt", (long)heard.Count), ("info", info));
            return 0;
        });
    }
}

/// <summary>An access point the module's Wi-Fi scanner hears: its MAC ("aa:bb:cc:dd:ee:ff"), signal and channel.</summary>
public sealed record WifiAccessPoint(string Mac, int Rssi, int Channel);
