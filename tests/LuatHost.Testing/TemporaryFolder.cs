using System.Text;

namespace LuatHost.Testing;

/// <summary>
/// The one temporary-folder helper behind every test's throw-away project, script folder or case folder: a fresh folder
/// under the system temp directory, files written as UTF-8 without BOM, removed on dispose (best effort: a loaded file
/// stays locked on Windows and the OS cleans temp later). Projects that do not reference the kit compile it in by link.
/// </summary>
public sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder(string purpose = "luathost-tests") => Root = Directory.CreateTempSubdirectory(purpose + "-").FullName;

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Writes <paramref name="relative"/> (creating its folders) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var full = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, new UTF8Encoding(false));
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }
}
