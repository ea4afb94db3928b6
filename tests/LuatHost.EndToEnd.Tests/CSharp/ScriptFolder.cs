namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>A throw-away folder for .csx files, with its own compiled-script cache.</summary>
internal sealed class ScriptFolder : IDisposable
{
    private readonly TemporaryFolder _folder = new("luathost-e2e-csx");

    public string Root => _folder.Root;

    public string CacheDirectory => _folder.PathOf(".cache");

    public string PathOf(string name) => _folder.PathOf(name);

    public ScriptFolder File(string name, string content)
    {
        _folder.Write(name, content);
        return this;
    }

    public void Dispose() => _folder.Dispose();
}
