using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// socketcore: the core C module under Luat's lib/socket.lua, carried out by the module's multi-link commands
/// (<see cref="LuatHost.Modem.Sockets"/>). <c>sock_conn(type, addr, port)</c> (0 TCP, 1 UDP, 2 TCP+TLS) returns the link
/// id at once (an optional 4th argument is the CA certificate text for TLS) and the result comes later, as do send and close results, received bytes and the peer's close: as
/// calls of the function given to <c>_onEvent(kind, id, result, data)</c>, in the order the module reported them.
/// (On the device they are rtos messages with a table; scripts/lib/socket.lua is the only consumer.)
/// </summary>
public static class SocketCoreModule
{
    public static LuatLibrary Library { get; } = new("socketcore", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var state = SocketLuaState.For(lib.Context);
        lib.Function("sock_conn", lua =>
            {
                var type = (int)lua.Integer(1, "socketcore.sock_conn");
                var ca = lua.IsNoneOrNil(4) ? null : lua.Bytes(4, "socketcore.sock_conn");
                var id = state.Connect(type, lua.Text(2, "socketcore.sock_conn"), (int)lua.Integer(3, "socketcore.sock_conn"), ca);
                if (id is { } link) lua.PushInteger(link); else lua.PushNil();
                return 1;
            })
            .Function("sock_send", lua =>
            {
                state.Send((int)lua.Integer(1, "socketcore.sock_send"), lua.Bytes(2, "socketcore.sock_send"));
                return 0;
            })
            .Function("sock_close", lua =>
            {
                state.Close((int)lua.Integer(1, "socketcore.sock_close"));
                return 0;
            })
            .Function("_onEvent", lua =>
            {
                state.SetHandler(lua, LuaCallbackRef.Capture(lua, 1));
                return 0;
            });
    }
}
