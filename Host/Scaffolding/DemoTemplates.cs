using System.Reflection;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Cli.Scaffolding;

/// <summary>
/// The project templates of `luathost new`: every folder under demo/, embedded in this assembly (see the csproj), so
/// an installed tool has them without the source tree. A template is named after its folder; a few short aliases
/// (csharp, socket) name the folders the list calls that way. New demo folders become templates by themselves.
/// </summary>
internal static class DemoTemplates
{
    private const string Prefix = "demo/";

    private static readonly Assembly Assembly = typeof(DemoTemplates).Assembly;

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["csharp"] = "aliyun-csharp",
        ["socket"] = "socket-echo",
    };

    /// <summary>Template name → its files (path inside the project → resource name).</summary>
    private static readonly Lazy<SortedDictionary<string, Dictionary<string, string>>> Folders = new(Scan);

    /// <summary>The names `--template` accepts: each demo folder, plus an alias when its folder exists.</summary>
    public static IReadOnlyList<string> Names =>
        [.. Folders.Value.Keys.Concat(Aliases.Where(a => Folders.Value.ContainsKey(a.Value)).Select(a => a.Key)).Order(StringComparer.Ordinal)];

    /// <summary>The files of a template (relative path → content), or null for an unknown name.</summary>
    public static IReadOnlyDictionary<string, byte[]>? Files(string name)
    {
        var folder = Aliases.GetValueOrDefault(name, name);
        if (!Folders.Value.TryGetValue(folder, out var files)) return null;
        return files.ToDictionary(f => f.Key, f => Read(f.Value));
    }

    /// <summary>The registry a project starts with when its demo has none: the tutorial's devices.</summary>
    public static string DefaultRegistry => DeviceRegistry.SampleJson();

    private static SortedDictionary<string, Dictionary<string, string>> Scan()
    {
        var folders = new SortedDictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var resource in Assembly.GetManifestResourceNames())
        {
            // RecursiveDir uses the build machine's separator; the resource names are normalised here.
            var path = resource.Replace('\\', '/');
            if (!path.StartsWith(Prefix, StringComparison.Ordinal)) continue;
            var rest = path[Prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            if (slash <= 0) continue;
            var folder = rest[..slash];
            if (!folders.TryGetValue(folder, out var files)) folders[folder] = files = new(StringComparer.Ordinal);
            files[rest[(slash + 1)..]] = resource;
        }
        return folders;
    }

    private static byte[] Read(string resource)
    {
        using var stream = Assembly.GetManifestResourceStream(resource)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
