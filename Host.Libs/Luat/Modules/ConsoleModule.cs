using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// console: Luat's Lua prompt on a uart (openLuat script_LuaTask/lib/console.lua: `console.setup(id, baudrate)`
/// reads lines from that uart and runs them). The PC has no uart 1/2 (the host's non-AT uarts are recorded
/// no-ops), so setup is a recorded no-op that says so once; `luathost repl` is the same prompt on stdin,
/// with the same libraries and a running event loop.
/// </summary>
public static class ConsoleModule
{
    public static LuatLibrary Library { get; } = new("console", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As in Luat's lib: this module loads the ones it builds on, so their globals exist too.
        lib.Requires("ril");
        var calls = lib.Context.HardwareCalls;
        lib.Function("setup", _ =>
        {
            calls.Record("console.setup (a Lua prompt on a uart the PC does not have; `luathost repl` is that prompt on stdin)");
            return 0;
        });
    }
}
