using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// adc: the module's analogue inputs, which the PC does not have. open succeeds; read answers the invalid
/// reading 0xFFFF for both the raw value and the millivolts, the value Luat's demo/adc names for "no valid
/// conversion" (its comment: 无效值为0xFFFF), so a script can tell it got no measurement.
/// </summary>
public static class AdcModule
{
    private const long Invalid = 0xFFFF;

    public static LuatLibrary Library { get; } = new("adc", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        lib.Recorded("open", lua =>
            {
                lua.PushBoolean(true);
                return 1;
            })
            .Recorded("read", lua =>
            {
                lua.PushInteger(Invalid);
                lua.PushInteger(Invalid);
                return 2;
            })
            .Recorded("close");
    }
}
