using LuatHost.Luat.Binding;
using LuatHost.Luat.Device;

namespace LuatHost.Luat.Modules;

/// <summary>
/// net: registration, signal and the serving cell. startQueryAll polls AT+CSQ (publishing GSM_SIGNAL_REPORT_IND) and
/// the serving cell (AT+CEREG in mode 2) every csqPeriod ms; switchFly toggles AT+CFUN and publishes FLYMODE. The AT
/// firmware reports no neighbour cells to the host (Luat's core reads them from its engineering-mode URCs), so the cell
/// lists hold the serving cell only; RSRP and timing advance read as 0.
/// </summary>
public static class NetModule
{
    public static LuatLibrary Library { get; } = new("net", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As in Luat's lib: this module loads the ones it builds on, so their globals exist too.
        lib.Requires("log", "ril", "sim", "sys", "utils");
        var context = lib.Context;
        var watcher = NetworkWatcher.For(context);
        watcher.Start();
        long pollTimer = 0;
        long pollPeriod = 0;
        Action? poll = null;
        poll = () =>
        {
            _ = watcher.QuerySignalAsync();
            _ = watcher.QueryCellAsync();
            pollTimer = context.Loop.StartTimer(TimeSpan.FromMilliseconds(pollPeriod), poll!);
        };

        lib.Function("getState", lua => Text(lua, watcher.NetState))
            .Function("getNetMode", lua => Integer(lua, watcher.NetState == "REGISTERED" ? 4 : 0))
            .Function("getRssi", lua => Integer(lua, watcher.Rssi))
            .Function("getRsrp", lua => Integer(lua, 0))
            .Function("getMcc", lua => Text(lua, watcher.Imsi.Length >= 3 ? watcher.Imsi[..3] : ""))
            .Function("getMnc", lua => Text(lua, watcher.Imsi.Length >= 5 ? watcher.Imsi[3..5] : ""))
            // Hexadecimal text, as Luat's net gives them ("18be"); "" until the module has named its cell.
            .Function("getLac", lua => Text(lua, watcher.Cell?.TrackingArea.ToLowerInvariant() ?? ""))
            .Function("getCi", lua => Text(lua, watcher.Cell?.CellId.ToLowerInvariant() ?? ""))
            .Function("getTa", lua => Integer(lua, 0))
            // Text as in Luat's lib/net.lua, one "…;" per cell, "" while no cell is known (lbsLoc reads it with
            // string.gmatch): getCellInfo "lac.ci.rssi;", getCellInfoExt "mcc.mnc.lac.ci.rssi;" with lac and ci in decimal,
            // mcc and mnc without leading zeros, and rssi as power (rssi × 2 − 113) when asked.
            .Function("getCellInfo", lua => Text(lua, watcher.Cell is { } cell ? $"{cell.TrackingAreaNumber}.{cell.CellIdNumber}.{watcher.Rssi};" : ""))
            .Function("getCellInfoExt", lua =>
            {
                if (watcher.Cell is not { } cell || watcher.Imsi.Length < 5) return Text(lua, "");
                var signal = lua.ToBoolean(1) ? watcher.Rssi * 2 - 113 : watcher.Rssi;
                return Text(lua, $"{NoLeadingZeros(watcher.Imsi[..3])}.{NoLeadingZeros(watcher.Imsi[3..5])}.{cell.TrackingAreaNumber}.{cell.CellIdNumber}.{signal};");
            })
            .Function("getMultiCell", lua => Text(lua, ""))
            .Function("startQueryAll", lua =>
            {
                pollPeriod = Math.Max(lua.OptionalInteger(1, "net.startQueryAll", 60000), 5);
                context.Loop.StopTimer(pollTimer);
                poll();
                lua.PushBoolean(true);
                return 1;
            })
            .Function("stopQueryAll", lua =>
            {
                context.Loop.StopTimer(pollTimer);
                return 0;
            })
            .Function("csqQueryPoll", lua =>
            {
                _ = watcher.QuerySignalAsync();
                lua.PushBoolean(true);
                return 1;
            })
            .Function("switchFly", lua =>
            {
                _ = watcher.SwitchFlyAsync(lua.ToBoolean(1));
                return 0;
            });
        // getCell: the serving cell's text (empty until the module reports one, like getCellInfo);
        // UpdNetMode: the core's net-mode refresh hook, nothing to refresh on the PC.
        lib.Function("getCell", lua => Text(lua, ""))
            .Function("UpdNetMode", lua =>
            {
                lib.Context.HardwareCalls.Record("net.UpdNetMode");
                return 0;
            });
        foreach (var name in new[] { "cengQueryPoll", "setEngMode" })
            lib.Function(name, _ => 0);
    }

    private static string NoLeadingZeros(string digits) => digits.TrimStart('0') is { Length: > 0 } trimmed ? trimmed : "0";

    private static int Text(KeraLua.Lua lua, string value)
    {
        lua.PushText(value);
        return 1;
    }

    private static int Integer(KeraLua.Lua lua, long value)
    {
        lua.PushInteger(value);
        return 1;
    }
}
