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
        using var lua = new KeraLua.Lua(openLibs: true);
        lua.GetGlobal("_VERSION");
        var language = lua.ToString(-1) ?? "Lua";
        var release = (int)lua.Version(); // LUA_VERSION_NUM of the loaded native library, e.g. 504
        var keraLua = typeof(KeraLua.Lua).Assembly.GetName().Version;
        var nlua = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "NLua")?.GetName().Version
                   ?? TryLoad("NLua");
        return $"luathost {tool}{Environment.NewLine}{language} (native library {release / 100}.{release % 100}, KeraLua {keraLua?.ToString(3)}, NLua {nlua?.ToString(3) ?? "?"}) with the Luat 5.1 compatibility layer";
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
