using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>pmd: power management (LDOs, charger, sleep) — hardware, recorded as no-ops.</summary>
public static class PmdModule
{
    private static readonly string[] Ldos =
    [
        "LDO_VLCD", "LDO_VMMC", "LDO_VSIM1", "LDO_VSIM2", "LDO_VCAMA", "LDO_VCAMD", "LDO_VIB", "LDO_VBACKLIGHT_R",
        "LDO_VBACKLIGHT_G", "LDO_VBACKLIGHT_B", "LDO_VBACKLIGHT_W", "LDO_KEYPAD", "LDO_VLCD1", "LDO_VSD", "LDO_VUSB",
        "LDO_VCAM", "LDO_VIBR",
    ];

    public static LuatLibrary Library { get; } = new("pmd", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        for (var i = 0; i < Ldos.Length; i++) lib.Constant(Ldos[i], i);
        foreach (var name in new[] { "ldoset", "sleep", "charger", "chrcurrent", "init" })
            lib.Recorded(name, lua =>
            {
                lua.PushBoolean(true);
                return 1;
            });
        // param_get: battery 4.1 V, USB present — a powered dev board (misc.getVbatt/getVbus read these).
        lib.Function("param_get", lua =>
        {
            lua.PushBoolean(false);
            lua.PushInteger(4100);
            lua.PushInteger(100);
            lua.PushBoolean(true);
            return 4;
        });
    }
}
