using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

public static class NetModule
{
    public static LuatLibrary Library { get; } = new("net", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
    }
}
