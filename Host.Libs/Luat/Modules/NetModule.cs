using LuatHost.Luat.Binding;
using LuatHost.Luat.Device;

namespace LuatHost.Luat.Modules;

/// <summary>
/// net: registration and signal. startQueryAll polls AT+CSQ every csqPeriod ms (publishing
/// GSM_SIGNAL_REPORT_IND); switchFly toggles AT+CFUN and publishes FLYMODE. Cell details the
/// AT firmware does not report to the host read as empty/zero.
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
            pollTimer = context.Loop.StartTimer(TimeSpan.FromMilliseconds(pollPeriod), poll!);
        };

        lib.Function("getState", lua => Text(lua, watcher.NetState))
            .Function("getNetMode", lua => Integer(lua, watcher.NetState == "REGISTERED" ? 4 : 0))
            .Function("getRssi", lua => Integer(lua, watcher.Rssi))
            .Function("getRsrp", lua => Integer(lua, 0))
            .Function("getMcc", lua => Text(lua, watcher.Imsi.Length >= 3 ? watcher.Imsi[..3] : ""))
            .Function("getMnc", lua => Text(lua, watcher.Imsi.Length >= 5 ? watcher.Imsi[3..5] : ""))
            .Function("getLac", lua => Text(lua, ""))
            .Function("getCi", lua => Text(lua, ""))
            .Function("getTa", lua => Integer(lua, 0))
            // Strings in Luat's lib/net.lua ("460.01.6311.49234.30;" per cell), empty while no cell is known: lbsLoc
            // reads getCellInfoExt's text with string.gmatch.
            .Function("getCellInfo", lua => Text(lua, ""))
            .Function("getCellInfoExt", lua => Text(lua, ""))
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
