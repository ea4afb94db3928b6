using System.Reflection;

namespace LuatHost.Cli.Commands;

/// <summary>`luathost --version`: the tool's version and the Lua engine it runs scripts on.</summary>
internal static class VersionText
{
    public static string Describe()
    {
        var tool = typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        // Drop the "+<commit>" build metadata the SDK appends.
        var plus = tool.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0) tool = tool[..plus];
        // Read first: it binds KeraLua to the library the host runs Lua on (LuaNativeLibrary).
        var library = LuatHost.Luat.LuaNativeLibrary.Description;
        using var lua = new KeraLua.Lua(openLibs: true);
        lua.GetGlobal("_VERSION");
        var language = lua.ToString(-1) ?? "Lua";
        var keraLua = typeof(KeraLua.Lua).Assembly.GetName().Version;
        var nlua = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "NLua")?.GetName().Version
                   ?? TryLoad("NLua");
        return $"luathost {tool}{Environment.NewLine}{language} ({library}; KeraLua {keraLua?.ToString(3)}, NLua {nlua?.ToString(3) ?? "?"}) with the Luat 5.1 compatibility layer";
    }

    private static Version? TryLoad(string name)
    {
        try
        {
            return Assembly.Load(name).GetName().Version;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
