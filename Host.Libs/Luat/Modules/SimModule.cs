using LuatHost.Luat.Binding;
using LuatHost.Luat.Device;

namespace LuatHost.Luat.Modules;

/// <summary>
/// sim: the card as the module reports it (+CPIN, AT+ICCID, AT+CIMI); SIM_IND "RDY"/"NIST" and
/// IMSI_READY are published by the network watcher as the answers arrive.
/// </summary>
public static class SimModule
{
    public static LuatLibrary Library { get; } = new("sim", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As in Luat's lib: this module loads the ones it builds on, so their globals exist too.
        lib.Requires("ril", "sys");
        var watcher = NetworkWatcher.For(lib.Context);
        watcher.Start();
        lib.Function("getIccid", lua => Push(lua, watcher.Iccid))
            .Function("getImsi", lua => Push(lua, watcher.Imsi))
            .Function("getMcc", lua => Push(lua, watcher.Imsi.Length >= 3 ? watcher.Imsi[..3] : ""))
            .Function("getMnc", lua => Push(lua, watcher.Imsi.Length >= 5 ? watcher.Imsi[3..5] : ""))
            .Function("getStatus", lua =>
            {
                lua.PushBoolean(watcher.SimStatus == "RDY");
                return 1;
            })
            .Function("getNumber", lua => Push(lua, ""))
            .Function("_record", lua =>
            {
                lib.Context.HardwareCalls.Record(lua.Text(1, "sim"));
                return 0;
            })
            .LuaPart("slot", """
                local sim = ...
                local record = sim._record
                sim._record = nil
                local slot = 0
                -- Dual-SIM slot choice (AT+SIMCROSS on the module): the PC has one SIM; the id is
                -- kept and the callback hears success, as after the module's OK.
                function sim.setId(id, cb)
                  record("sim.setId(" .. tostring(id) .. ")")
                  slot = id
                  if cb then
                    if sys and sys.timerStart then sys.timerStart(cb, 5, true) else cb(true) end
                  end
                end
                function sim.getId() return slot end
                """);
        foreach (var name in new[] { "setQueryNumber", "set2gSim" })
            lib.Function(name, _ => 0);
    }

    private static int Push(KeraLua.Lua lua, string value)
    {
        lua.PushText(value);
        return 1;
    }
}
