using System.Security.Cryptography;
using LuatHost.Aliyun.Signing;

namespace LuatHost.Luat.FileSystem;

/// <summary>
/// The host's own Luat library files (scripts/lib: sys.lua, utils.lua …) as real files, so a script can read them
/// under `/lua/` as on a module, where Luatools downloads the lib files next to the project's (Luat's demo/crypto
/// hashes `/lua/sys.lua`). Written once per library version under the user's local application data, owner-only;
/// `require` never loads them from here (the built-in copy always wins).
/// </summary>
public static class BuiltInLibraryFiles
{
    private static readonly Lazy<string?> LazyFolder = new(Extract);

    /// <summary>The folder holding the files, or null when it cannot be written (then `/lua/` shows only the project).</summary>
    public static string? Folder => LazyFolder.Value;

    /// <summary>The real file for `/lua/&lt;name&gt;` when <paramref name="name"/> is one of the library's files.</summary>
    public static string? Find(string name)
    {
        if (name.Contains('/') || !name.EndsWith(".lua", StringComparison.Ordinal) || Folder is not { } folder) return null;
        var path = Path.Combine(folder, name);
        return File.Exists(path) ? path : null;
    }

    private static string? Extract()
    {
        var files = EmbeddedScripts.LibraryNames().Order(StringComparer.Ordinal)
            .Select(name => (Name: name + ".lua", Bytes: EmbeddedScripts.Library(name)!)).ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, bytes) in files)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(name));
            hash.AppendData(bytes);
        }
        var version = Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
        var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        if (string.IsNullOrEmpty(root)) return null;
        var folder = Path.Combine(root, "luathost", "lib", version);
        try
        {
            SecretFile.CreateFolder(Path.Combine(root, "luathost"));
            SecretFile.CreateFolder(folder);
            foreach (var (name, bytes) in files)
            {
                var path = Path.Combine(folder, name);
                // Content-addressed folder: a file already there is this version's (written by temp + rename).
                if (!File.Exists(path)) SecretFile.WriteAtomically(path, bytes);
            }
            return folder;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
