using System.Text;

namespace LuatHost.Aliyun.Signing;

/// <summary>
/// Files and folders that hold secrets (the stored DeviceSecret/SN, the cloud registry and its per-run
/// copies, nvm files written through secret setters): owner-only from the first byte (0600, folders
/// 0700), and written to a temp file beside the target, flushed to disk, then renamed over it, so a
/// crash or a kill never leaves a half-written or world-readable secret.
/// </summary>
public static class SecretFile
{
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public const UnixFileMode OwnerOnlyFolder = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>Creates the folder (and missing parents) owner-only; an existing folder is left as it is.</summary>
    public static DirectoryInfo CreateFolder(string path) =>
        OperatingSystem.IsWindows() ? Directory.CreateDirectory(path) : Directory.CreateDirectory(path, OwnerOnlyFolder);

    public static void WriteAtomically(string path, string content) => WriteAtomically(path, Encoding.UTF8.GetBytes(content));

    public static void WriteAtomically(string path, ReadOnlySpan<byte> content)
    {
        var fullPath = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        CreateFolder(directory);
        var temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, OwnerOnlyOptions(FileMode.CreateNew)))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Copies a file into an owner-only copy (temp + fsync + rename, like <see cref="WriteAtomically(string, ReadOnlySpan{byte})"/>).</summary>
    public static void Copy(string source, string destination) => WriteAtomically(destination, File.ReadAllBytes(source));

    /// <summary>Stream options for a new owner-only file.</summary>
    public static FileStreamOptions OwnerOnlyOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnlyFile;
        return options;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Best effort: the original error is the one worth reporting.
        }
    }
}
