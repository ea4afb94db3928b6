using LuatHost.Luat.Binding;
using LuatHost.Luat.Device;

namespace LuatHost.Luat.Modules;

/// <summary>
/// ril: raw AT access. `ril.request(cmd, arg, onrsp, delay)` goes to the module through the host's AT
/// engine (in call order) and calls `onrsp(cmd, success, response, intermediate)` on the Lua thread:
/// response is the final line, intermediate the data lines joined by CRLF (nil when none). With
/// `delay` (ms) the queue pauses that long before the command, as ril.lua's sendat does, and
/// `ril.delayfunc()` (ril.lua's timer callback for that pause) ends the pause at once.
/// `ril.regUrc(prefix, fnc)` calls `fnc(line, prefix)` for each unsolicited line with that prefix.
/// </summary>
public static class RilModule
{
    public static LuatLibrary Library { get; } = new("ril", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As in Luat's lib: this module loads the ones it builds on, so their globals exist too.
        lib.Requires("log", "sys");
        var context = lib.Context;
        var urcs = new Dictionary<string, (IDisposable Subscription, LuaCallbackRef Callback)>();
        lib.Function("request", lua =>
            {
                var command = lua.Text(1, "ril.request");
                var promptData = lua.IsNoneOrNil(2) ? null : lua.Bytes(2, "ril.request");
                var callback = LuaCallbackRef.Capture(lua, 3);
                var delayMs = lua.IsNoneOrNil(4) ? 0 : lua.Number(4, "ril.request");
                TimeSpan? delay = delayMs is > 0 and <= int.MaxValue ? TimeSpan.FromMilliseconds(delayMs) : null;
                AtRequestQueue.For(context).Send(command, (l, reply) => Respond(context, l, command, callback, reply), promptData, delay);
                return 0;
            })
            .Function("delayfunc", _ =>
            {
                AtRequestQueue.For(context).EndDelay();
                return 0;
            })
            .Function("regUrc", lua =>
            {
                var prefix = lua.Text(1, "ril.regUrc");
                var callback = LuaCallbackRef.Capture(lua, 2);
                Unregister(lua, urcs, prefix);
                if (context.Device is not { } device || callback.IsEmpty) return 0;
                device.At.Urcs.AddPrefix(prefix);
                var subscription = device.At.Urcs.Register(prefix, line => context.Messages.PostToLua(l =>
                {
                    if (!urcs.TryGetValue(prefix, out var current)) return;
                    current.Callback.Push(l, release: false);
                    LuaValues.Push(l, line.Text);
                    LuaValues.Push(l, prefix);
                    context.Messages.CallProtected(l, 2, "ril.urc " + prefix);
                }));
                urcs[prefix] = (context.Track(subscription), callback);
                return 0;
            })
            .Function("deRegUrc", lua =>
            {
                Unregister(lua, urcs, lua.Text(1, "ril.deRegUrc"));
                return 0;
            });
        // Response-typing and transparent-mode hooks of ril.lua: accepted, the host engine parses answers itself.
        foreach (var name in new[] { "regRsp", "deRegRsp", "setrilcb", "setransparentmode", "sendtransparentdata" })
            lib.Function(name, _ => 0);
    }

    private static void Respond(LuatContext context, KeraLua.Lua lua, string command, LuaCallbackRef callback, AtReply reply)
    {
        if (callback.IsEmpty) return;
        callback.Push(lua, release: true);
        LuaValues.Push(lua, command);
        lua.PushBoolean(reply.Ok);
        LuaValues.Push(lua, reply.Final);
        LuaValues.Push(lua, reply.Lines.Count == 0 ? null : string.Join("\r\n", reply.Lines));
        context.Messages.CallProtected(lua, 4, "ril.request " + command);
    }

    private static void Unregister(KeraLua.Lua lua, Dictionary<string, (IDisposable Subscription, LuaCallbackRef Callback)> urcs, string prefix)
    {
        if (!urcs.Remove(prefix, out var old)) return;
        old.Subscription.Dispose();
        old.Callback.Release(lua);
    }
}
