using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

public static class LinkModule
{
    public static LuatLibrary Library { get; } = new("link", LuatLibraryKind.Required, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
    }
}
