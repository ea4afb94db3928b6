using LuatHost.Luat.Binding;

namespace LuatHost.Luat;

/// <summary>How a library becomes visible to scripts.</summary>
public enum LuatLibraryKind
{
    /// <summary>A core C module on the device (rtos, crypto, json, pack, bit, uart, pio, pmd): a global from power-on.</summary>
    CoreGlobal,

    /// <summary>Functions the firmware adds to a standard Lua library (io.mount …): filled into the existing global table.</summary>
    CoreExtension,

    /// <summary>A lib/*.lua module on the device (log, misc, ril, net …): created by `require`, which also sets the global.</summary>
    Required,
}

/// <summary>One Luat library implemented in C#: its name, kind and the registration that fills its table.</summary>
public sealed record LuatLibrary(string Name, LuatLibraryKind Kind, Action<LuatLibraryBuilder> Register);
