using KeraLua;
using LuatHost.Luat.Binding;
using LuatHost.Luat.Loop;
using LuatHost.Runtime;

namespace LuatHost.Luat.Modules;

/// <summary>
/// Host-only (not a Luat library): the message-timer book (<see cref="MessageTimerBook"/>) as sys.lua's
/// timerStart / timerLoopStart / timerStop / timerStopAll / timerIsActive and its MSG_TIMER dispatch use it.
/// sys.lua keeps Luat's argument asserts, return shapes and the call of the callback; the rule lives in the book.
/// A number where a callback may stand is a timer id, as in Luat's sys.lua (`type(val) == "number"`).
/// </summary>
public static class MessageTimerModule
{
    public static LuatLibrary Library { get; } = new("luathost_timers", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var context = lib.Context;
        LuaMessageTimers? cached = null; // one per Lua state, as this table is
        LuaMessageTimers Timers(KeraLua.Lua lua) => (cached ??= context.GetService(static c => new LuaMessageTimers(c))).On(lua);

        // Task timers (sys.wait) take the ids below this one.
        lib.Constant("FIRST_ID", MessageTimerBook.FirstId);

        // start(fnc, ms, repeats, ...) → id, or nil when the core cannot arm that time
        lib.Function("start", lua =>
            {
                var ms = lua.Number(2, "sys.timerStart");
                if (Timers(lua).Start(lua, 1, ms, lua.ToBoolean(3), firstArg: 4) is { } id) lua.PushInteger(id);
                else lua.PushNil();
                return 1;
            })
            // stop(id) or stop(fnc, ...) → whether a timer was stopped
            .Function("stop", lua =>
            {
                var timers = Timers(lua);
                lua.PushBoolean(IsId(lua)
                    ? TryId(lua, out var id) && timers.Book.Stop(id)
                    : timers.Book.Stop(LuaMessageTimers.Read(lua, 1), LuaMessageTimers.ReadArgs(lua, 2)));
                return 1;
            })
            // stop_all(fnc) → how many were stopped
            .Function("stop_all", lua =>
            {
                lua.PushInteger(Timers(lua).Book.StopAll(LuaMessageTimers.Read(lua, 1)));
                return 1;
            })
            // is_active(id) → its callback or nil; is_active(fnc, ...) → true or false
            .Function("is_active", lua =>
            {
                var timers = Timers(lua);
                if (!IsId(lua))
                {
                    lua.PushBoolean(timers.Book.IsActive(LuaMessageTimers.Read(lua, 1), LuaMessageTimers.ReadArgs(lua, 2)));
                    return 1;
                }
                if (TryId(lua, out var id) && timers.Book.TryGet(id, out var timer)) return timers.Push(lua, timer, withArgs: false);
                lua.PushNil();
                return 1;
            })
            // fire(id) → true, callback, args… (nothing when the timer is gone); a one-shot is forgotten here
            .Function("fire", lua =>
            {
                var timers = Timers(lua);
                if (!TryId(lua, out var id) || !timers.Book.TryGet(id, out var timer)) return 0;
                lua.PushBoolean(true);
                var count = timers.Push(lua, timer, withArgs: true);
                timers.Book.BeginFiring(timer);
                return 1 + count;
            })
            // fired(id): the callback returned; a loop timer is armed again unless the callback stopped it
            .Function("fired", lua =>
            {
                var timers = Timers(lua);
                if (TryId(lua, out var id) && timers.Book.TryGet(id, out var timer)) timers.Book.EndFiring(timer);
                return 0;
            });
    }

    private static bool IsId(KeraLua.Lua lua) => lua.Type(1) == LuaType.Number;

    // An id is an integer; 1.5 is a number that names no timer.
    private static bool TryId(KeraLua.Lua lua, out long id)
    {
        id = 0;
        return lua.Type(1) == LuaType.Number && LuaMessageTimers.Read(lua, 1).TryGetInteger(out id);
    }
}
