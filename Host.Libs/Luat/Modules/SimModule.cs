using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

public static class SimModule
{
    public static LuatLibrary Library { get; } = new("sim", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
    }
}
