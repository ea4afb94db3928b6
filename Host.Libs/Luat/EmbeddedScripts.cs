using System.Reflection;

namespace LuatHost.Luat;

/// <summary>The Lua sources shipped inside this assembly (scripts/lib and scripts/host, see the csproj).</summary>
internal static class EmbeddedScripts
{
    private static readonly Assembly Assembly = typeof(EmbeddedScripts).Assembly;

    public static byte[]? Library(string name) => Read($"lib/{name}.lua");

    public static byte[] Host(string name) =>
        Read($"host/{name}.lua") ?? throw new InvalidOperationException($"embedded host script '{name}' missing");

    public static IEnumerable<string> LibraryNames() =>
        Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("lib/", StringComparison.Ordinal) && n.EndsWith(".lua", StringComparison.Ordinal))
            .Select(n => n[4..^4]);

    private static byte[]? Read(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource);
        if (stream is null) return null;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
