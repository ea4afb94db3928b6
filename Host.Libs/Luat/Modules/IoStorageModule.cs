using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// The firmware's additions to `io` for storage on extra pins (an SD card, a flash chip on the LCD pins):
/// the PC has neither, so mounting and formatting fail as on a module with no card inserted, and the script's
/// own fallback path runs (Luat's demo/qspi formats and retries, then reports the failure).
/// </summary>
public static class IoStorageModule
{
    public static LuatLibrary Library { get; } = new("io", LuatLibraryKind.CoreExtension, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        lib.Constant("SDCARD", 0).Constant("EXTERN_PINLCD", 1)
            .Recorded("mount", NoStorage)
            .Recorded("format", NoStorage)
            .Recorded("unmount", NoStorage);
    }

    private static int NoStorage(KeraLua.Lua lua)
    {
        lua.PushBoolean(false);
        return 1;
    }
}
