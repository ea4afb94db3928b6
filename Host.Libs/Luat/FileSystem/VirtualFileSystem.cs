namespace LuatHost.Luat.FileSystem;

/// <summary>
/// The device's file system as a script sees it: `/` is a per-device data folder on the host and
/// `/lua/` is the project folder (where Luatools puts scripts). Every path a script uses is mapped
/// here; one that would leave both folders is refused with an error naming it.
/// </summary>
public sealed class VirtualFileSystem
{
    public const string ProjectMount = "/lua";

    public VirtualFileSystem(string dataDirectory, string projectDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        ProjectDirectory = Path.GetFullPath(projectDirectory);
        Directory.CreateDirectory(DataDirectory);
    }

    public string DataDirectory { get; }

    public string ProjectDirectory { get; }

    /// <summary>Normalises a script path to an absolute virtual path ("x/../y" → "/y"); null when it climbs above `/`.</summary>
    public static string? Normalize(string virtualPath)
    {
        var segments = new List<string>();
        foreach (var segment in virtualPath.Replace('\\', '/').Split('/'))
        {
            if (segment.Length == 0 || segment == ".") continue;
            if (segment == "..")
            {
                if (segments.Count == 0) return null;
                segments.RemoveAt(segments.Count - 1);
                continue;
            }
            segments.Add(segment);
        }
        return "/" + string.Join('/', segments);
    }

    /// <summary>Maps a script path to the host path, or throws naming the refused path.</summary>
    public string Resolve(string virtualPath)
    {
        var normalized = Normalize(virtualPath)
            ?? throw new UnauthorizedAccessException(
                $"path '{virtualPath}' is outside the device file system (scripts may only use / and /lua/)");
        string root;
        string relative;
        if (normalized == ProjectMount || normalized.StartsWith(ProjectMount + "/", StringComparison.Ordinal))
        {
            root = ProjectDirectory;
            relative = normalized[ProjectMount.Length..].TrimStart('/');
        }
        else
        {
            root = DataDirectory;
            relative = normalized.TrimStart('/');
        }
        var host = Path.GetFullPath(Path.Combine(root, relative));
        if (!IsInside(host, root))
            throw new UnauthorizedAccessException(
                $"path '{virtualPath}' is outside the device file system (scripts may only use / and /lua/)");
        return host;
    }

    private static bool IsInside(string path, string root) =>
        path.Equals(root, StringComparison.Ordinal)
        || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
