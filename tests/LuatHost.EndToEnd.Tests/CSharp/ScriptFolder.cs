namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>A throw-away folder for .csx files, with its own compiled-script cache.</summary>
internal sealed class ScriptFolder : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "luathost-e2e-csx", Guid.NewGuid().ToString("N"));

    public ScriptFolder() => Directory.CreateDirectory(Root);

    public string CacheDirectory => Path.Combine(Root, ".cache");

    public string PathOf(string name) => Path.Combine(Root, name);

    public ScriptFolder File(string name, string content)
    {
        System.IO.File.WriteAllText(PathOf(name), content);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A loaded script image stays locked on Windows; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
