using System.Security.Cryptography;
using System.Text;

namespace LuatHost.Scripting;

/// <summary>
/// Compiled scripts on disk: a `&lt;key&gt;.manifest` per script and the image it names. The key hashes the
/// script's path and text with the host fingerprint (host assemblies, Roslyn, runtime); the manifest
/// records the image, the entry point and the hash of every `#load`ed file, so editing a loaded file
/// recompiles. An image's name covers all its sources: a loaded image (locked on Windows, and
/// fixed in the process once loaded) is never overwritten with different code.
/// Writes are atomic (temp file + rename): a crash or a parallel run never leaves a half entry.
/// </summary>
internal sealed class CompiledScriptCache(string directory)
{
    private const string ManifestHeader = "luathost-csx 1";

    public string Directory { get; } = directory;

    public static string KeyFor(string fullPath, string code)
    {
        var text = $"{ManifestHeader}\n{ScriptReferences.HostFingerprint}\n{fullPath}\n{code}";
        // 128 bits of SHA-256 keeps file names short and collisions out of reach.
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16).ToLowerInvariant();
    }

    private string ManifestPath(string key) => Path.Combine(Directory, key + ".manifest");

    /// <summary>The cached entry for <paramref name="key"/> when it exists and every source file is unchanged.</summary>
    public CachedScriptEntry? TryGet(string key)
    {
        var manifestPath = ManifestPath(key);
        if (!File.Exists(manifestPath)) return null;

        string[] lines;
        try { lines = File.ReadAllLines(manifestPath); }
        catch (IOException) { return null; }
        if (lines.Length < 3 || lines[0] != ManifestHeader) return null;

        var image = lines[1].Split('\t');
        var entry = lines[2].Split('\t');
        if (image.Length != 2 || image[0] != "image" || entry.Length != 3 || entry[0] != "entry") return null;
        var imagePath = Path.Combine(Directory, image[1]);
        if (!File.Exists(imagePath)) return null;
        var sources = new List<string>();
        foreach (var line in lines.AsSpan(3))
        {
            var parts = line.Split('\t', 3);
            if (parts.Length != 3 || parts[0] != "source") return null;
            if (HashFile(parts[2]) != parts[1]) return null;
            sources.Add(parts[2]);
        }
        return new CachedScriptEntry(imagePath, new ScriptEntryPoint(entry[1], entry[2]), sources);
    }

    public CachedScriptEntry Store(string key, ScriptCompileResult compiled)
    {
        if (compiled.Image is null || compiled.EntryPoint is null)
            throw new ArgumentException("Only a successful compile can be cached.", nameof(compiled));
        System.IO.Directory.CreateDirectory(Directory);

        var sources = new StringBuilder();
        foreach (var source in compiled.SourceFiles)
            sources.Append("source\t").Append(HashFile(source)).Append('\t').AppendLine(source);
        var sourcesHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sources.ToString())), 0, 8).ToLowerInvariant();
        var imageName = $"{key}-{sourcesHash}.dll";
        var imagePath = Path.Combine(Directory, imageName);
        // Same name = same sources = same code; an existing image may be loaded, so it is kept.
        if (!File.Exists(imagePath)) WriteAtomically(imagePath, stream => stream.Write(compiled.Image));

        var manifest = new StringBuilder()
            .AppendLine(ManifestHeader)
            .Append("image\t").AppendLine(imageName)
            .Append("entry\t").Append(compiled.EntryPoint.TypeName).Append('\t').AppendLine(compiled.EntryPoint.MethodName)
            .Append(sources);
        var manifestBytes = Encoding.UTF8.GetBytes(manifest.ToString());
        WriteAtomically(ManifestPath(key), stream => stream.Write(manifestBytes));
        DeleteStaleImages(key, imageName);

        return new CachedScriptEntry(imagePath, compiled.EntryPoint, compiled.SourceFiles);
    }

    // Images of earlier versions of this script (a #load'ed file changed). One still loaded by
    // another run is locked on Windows and stays until a later store.
    private void DeleteStaleImages(string key, string currentImage)
    {
        foreach (var stale in System.IO.Directory.EnumerateFiles(Directory, key + "-*.dll"))
        {
            if (Path.GetFileName(stale) == currentImage) continue;
            try { File.Delete(stale); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static string? HashFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return Convert.ToHexString(SHA256.HashData(stream));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another run stored the same entry first; theirs is as good as ours.
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}

/// <summary>A compiled script on disk: its image, its submission factory, and the files it was built from.</summary>
internal sealed record CachedScriptEntry(string ImagePath, ScriptEntryPoint EntryPoint, IReadOnlyList<string> SourceFiles);
