namespace LuatHost.Luat.FileSystem;

/// <summary>What a script means to do with a path: only reads are allowed under `/lua/`.</summary>
public enum VfsAccess
{
    Read,
    Write,

    /// <summary>A read that must find the project's own files only: `require`'s search (the built-in library comes from the host).</summary>
    ReadProjectOnly,
}

/// <summary>
/// The device's file system as a script sees it: `/` is a per-device data folder on the host and
/// `/lua/` is the project folder (where Luatools puts scripts). Every path a script uses is mapped
/// here, with symbolic links followed, and must stay inside its folder. `/lua/` is read-only (on
/// the module scripts write to `/`) and its dot-folders (.git, .luathost, .vscode) do not exist; the host's
/// Luat lib files read as if they were in it (<see cref="BuiltInLibraryFiles"/>).
/// </summary>
public sealed class VirtualFileSystem
{
    public const string ProjectMount = "/lua";

    private readonly string _realData;
    private readonly string _realProject;

    public VirtualFileSystem(string dataDirectory, string projectDirectory)
    {
        DataDirectory = Path.GetFullPath(dataDirectory);
        ProjectDirectory = Path.GetFullPath(projectDirectory);
        CheckProjectRoot(ProjectDirectory);
        LuatHost.Aliyun.Signing.SecretFile.CreateFolder(DataDirectory);
        _realData = RealPath.Of(DataDirectory);
        _realProject = RealPath.Of(ProjectDirectory);
    }

    public string DataDirectory { get; }

    public string ProjectDirectory { get; }

    /// <summary>
    /// A project folder becomes `/lua/` with everything in it readable by the script: a home folder or
    /// a drive root would hand it the user's whole disk. Throws <see cref="ArgumentException"/> naming the folder.
    /// </summary>
    public static void CheckProjectRoot(string projectDirectory)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(projectDirectory));
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var isRoot = string.Equals(Path.GetPathRoot(full)?.TrimEnd('/', '\\'), full.TrimEnd('/', '\\'), StringComparison.OrdinalIgnoreCase);
        var isHome = home.Length > 0 && string.Equals(Path.TrimEndingDirectorySeparator(home), full,
            OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase);
        if (isRoot || isHome)
            throw new ArgumentException(
                $"{full} cannot be a project folder (it would become /lua/ and show the script everything in it); " +
                "put main.lua and its modules in a folder of their own and run that folder");
    }

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

    /// <summary>
    /// Maps a script path to the real host path (links followed). Throws
    /// <see cref="UnauthorizedAccessException"/> naming the path when it leaves its folder or writes
    /// under `/lua/`, and <see cref="FileNotFoundException"/> for a dot-folder under `/lua/`.
    /// </summary>
    public string Resolve(string virtualPath, VfsAccess access = VfsAccess.Read)
    {
        var normalized = Normalize(virtualPath) ?? throw Outside(virtualPath);
        string root;
        string realRoot;
        string relative;
        var inProject = normalized == ProjectMount || normalized.StartsWith(ProjectMount + "/", StringComparison.Ordinal);
        if (inProject)
        {
            root = ProjectDirectory;
            realRoot = _realProject;
            relative = normalized[ProjectMount.Length..].TrimStart('/');
            if (access == VfsAccess.Write)
                throw new UnauthorizedAccessException(
                    $"path '{virtualPath}' is read-only: /lua/ is the project folder; write device files under / (e.g. /data.txt)");
            if (relative.Split('/').Any(segment => segment.StartsWith('.')))
                throw new FileNotFoundException($"{virtualPath}: No such file or directory");
        }
        else
        {
            root = DataDirectory;
            realRoot = _realData;
            relative = normalized.TrimStart('/');
        }
        var host = Path.GetFullPath(Path.Combine(root, relative));
        if (!IsInside(host, root)) throw Outside(virtualPath);
        string real;
        try
        {
            real = RealPath.Follow(realRoot, Path.GetRelativePath(root, host));
        }
        catch (IOException)
        {
            throw Outside(virtualPath); // a link loop, or a link the host cannot read
        }
        if (!IsInside(real, realRoot)) throw Outside(virtualPath);
        // On a module /lua/ also holds the Luat lib files Luatools downloaded with the project; a project file of the
        // same name comes first, as it would replace the lib file there.
        if (inProject && access == VfsAccess.Read && !Path.Exists(real) && BuiltInLibraryFiles.Find(relative) is { } library)
            return library;
        return real;
    }

    /// <summary>
    /// <paramref name="text"/> with the device's real folders written as the script sees them (`/lua/…`, `/…`). The data
    /// folder goes first: by default it lies inside the project folder.
    /// </summary>
    public string ToVirtual(string text)
    {
        foreach (var (real, mount) in new[] { (_realData, ""), (DataDirectory, ""), (_realProject, ProjectMount), (ProjectDirectory, ProjectMount) })
            text = text.Replace(real + Path.DirectorySeparatorChar, mount + "/", StringComparison.Ordinal).Replace(real, mount.Length == 0 ? "/" : mount, StringComparison.Ordinal);
        return text;
    }

    private static UnauthorizedAccessException Outside(string virtualPath) =>
        new($"path '{virtualPath}' is outside the device file system (scripts may only use / and /lua/)");

    private static bool IsInside(string path, string root) =>
        path.Equals(root, StringComparison.Ordinal)
        || path.StartsWith(root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
