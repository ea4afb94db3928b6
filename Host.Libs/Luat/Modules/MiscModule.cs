using LuatHost.Luat.Binding;
using LuatHost.Luat.Device;
using LuatHost.Runtime;

namespace LuatHost.Luat.Modules;

/// <summary>
/// misc: identity and clock. The identity is <see cref="LuatHost.Services.ModuleIdentityService"/> (shared with the C#
/// `misc`): read when misc is loaded; getters return "" until the answers arrive, then IMEI_READY_IND / SN_READY_IND /
/// MODEL_NUMBER_READY_IND are published. setSn writes AT+WISN= or, when the module refuses, the SN fallback file.
/// </summary>
public static class MiscModule
{
    public static LuatLibrary Library { get; } = new("misc", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As in Luat's lib: this module loads the ones it builds on, so their globals exist too.
        lib.Requires("ril");
        var context = lib.Context;
        var identity = DeviceIdentityCache.For(context);
        var stopping = AtRequestQueue.For(context).Stopping;
        lib.Function("getImei", lua => Text(lua, identity.Imei))
            .Function("getSn", lua => Text(lua, identity.Sn))
            .Function("getMuid", lua => Text(lua, identity.Muid))
            .Function("getModelType", lua => Text(lua, identity.Model))
            .Function("getVersion", lua => Text(lua, LuatCoreVersion.Text))
            .Function("getTemperature", lua =>
            {
                lua.PushInteger(25);
                return 1;
            })
            .Function("getVbatt", lua =>
            {
                lua.PushInteger(4100);
                return 1;
            })
            .Function("getVbus", lua =>
            {
                lua.PushBoolean(true);
                return 1;
            })
            .Function("getCalib", lua =>
            {
                lua.PushBoolean(true);
                return 1;
            })
            .Function("getAnt", lua =>
            {
                lua.PushBoolean(true);
                return 1;
            })
            .Function("setSn", lua =>
            {
                var sn = lua.Text(1, "misc.setSn");
                var callback = LuaCallbackRef.Capture(lua, 2);
                identity.SetSnAsync(sn, stopping).ContinueWith(stored =>
                {
                    if (callback.IsEmpty) return;
                    context.Messages.PostToLua(l =>
                    {
                        callback.Push(l, release: true);
                        l.PushBoolean(stored.IsCompletedSuccessfully && stored.Result);
                        context.Messages.CallProtected(l, 1, "misc.setSn callback");
                    });
                }, TaskScheduler.Default);
                return 0;
            })
            .Function("setImei", lua =>
            {
                context.Options.Diagnose("misc.setImei ignored: the host does not rewrite the module's IMEI");
                return 0;
            })
            .Function("_record", lua =>
            {
                context.HardwareCalls.Record(lua.Text(1, "misc"));
                return 0;
            })
            .LuaPart("clock", """
                local misc = ...
                local record = misc._record
                misc._record = nil
                -- The PC clock is already right: setClock only reports success, as after AT+CCLK.
                function misc.getClock() return os.date("*t") end
                function misc.getWeek()
                  local w = tonumber(os.date("%w"))
                  return w == 0 and 7 or w
                end
                function misc.setClock(t, cb)
                  if type(t) ~= "table" or (t.year and t.year > 2038) then
                    if cb then cb(misc.getClock(), false) end
                    return
                  end
                  sys.publish("TIME_UPDATE_IND")
                  if cb then cb(misc.getClock(), true) end
                end
                -- TIME_CLK_IND at every whole minute (misc.lua starts it at load and after setClock).
                local function timeReport()
                  sys.publish("TIME_CLK_IND")
                  sys.timerStart(misc.setTimeReport, 2000)
                end
                function misc.setTimeReport()
                  local now = os.time()
                  sys.timerStart(timeReport, (now % 60 == 0) and 50 or (60 - now % 60) * 1000)
                end
                if sys and sys.timerStart then misc.setTimeReport() end
                function misc.openPwm(id) record("misc.openPwm(" .. tostring(id) .. ")") end
                function misc.closePwm(id) record("misc.closePwm(" .. tostring(id) .. ")") end
                """);
    }

    private static int Text(KeraLua.Lua lua, string value)
    {
        lua.PushText(value);
        return 1;
    }
}
