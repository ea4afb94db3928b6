using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>pwm: the module's PWM outputs; the PC has no pin to drive, so each call is recorded.</summary>
public static class PwmModule
{
    public static LuatLibrary Library { get; } = new("pwm", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        lib.Recorded("open", lua =>
            {
                lua.PushBoolean(true);
                return 1;
            })
            .Recorded("set")
            .Recorded("close");
    }
}
