using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

public static class MiscModule
{
    public static LuatLibrary Library { get; } = new("misc", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
    }
}
