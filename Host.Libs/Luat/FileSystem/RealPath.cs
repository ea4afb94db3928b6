namespace LuatHost.Luat.FileSystem;

/// <summary>
/// Where a host path really leads: every symbolic link along it followed, component by component,
/// so `proj/rootlink -> /` cannot carry `/lua/rootlink/etc/passwd` out of the project folder.
/// Components that do not exist yet (a file about to be created) are appended as they are.
/// </summary>
public static class RealPath
{
    // More links than this on one path is a loop (Linux's own limit is 40).
    private const int MaxLinks = 40;

    /// <summary>The real path of an absolute path.</summary>
    public static string Of(string fullPath)
    {
        var root = Path.GetPathRoot(fullPath) ?? "/";
        return Follow(root, Path.GetRelativePath(root, fullPath));
    }

    /// <summary>Walks <paramref name="relative"/> down from <paramref name="realStart"/>; throws IOException on a link loop.</summary>
    public static string Follow(string realStart, string relative)
    {
        var current = realStart;
        var pending = new Stack<string>(relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse());
        var links = 0;
        while (pending.TryPop(out var segment))
        {
            if (segment == ".") continue;
            if (segment == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, segment);
            var info = new FileInfo(next);
            if (info.LinkTarget is not { } target)
            {
                current = next;
                continue;
            }
            if (++links > MaxLinks) throw new IOException($"too many symbolic links at {next}");
            // A relative target is relative to the link's folder; an absolute one starts over.
            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? "/";
                target = Path.GetRelativePath(current, target);
            }
            foreach (var part in target.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries).Reverse())
                pending.Push(part);
        }
        return current;
    }
}
