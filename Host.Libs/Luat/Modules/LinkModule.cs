using LuatHost.Luat.Binding;
using LuatHost.Luat.Device;

namespace LuatHost.Luat.Modules;

/// <summary>
/// link: the data bearer. isReady is true between IP_READY_IND and IP_ERROR_IND; shut closes the
/// PDP context (AT+CIPSHUT) — IP_ERROR_IND follows, then the bearer comes back up with a new
/// IP_READY_IND, as Luat re-activates it.
/// </summary>
public static class LinkModule
{
    public static LuatLibrary Library { get; } = new("link", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        // As in Luat's lib: this module loads the ones it builds on, so their globals exist too.
        lib.Requires("net");
        var watcher = NetworkWatcher.For(lib.Context);
        watcher.Start();
        lib.Function("isReady", lua =>
            {
                lua.PushBoolean(watcher.LocalIp is not null);
                return 1;
            })
            .Function("shut", lua =>
            {
                _ = watcher.ShutAsync();
                return 0;
            })
            .Function("getIp", lua =>
            {
                if (watcher.LocalIp is { } ip) lua.PushText(ip); else lua.PushNil();
                return 1;
            });
        // APN and DNS settings are the module's business on the AT firmware.
        foreach (var name in new[] { "setAPN", "setAuthApn", "setDnsIP", "openNetwork", "closeNetwork" })
            lib.Function(name, _ => 0);
    }
}
