namespace LuatHost.Scripting;

/// <summary>How a C# script run compiles, caches and reports.</summary>
public sealed record ScriptRunOptions
{
    /// <summary>Where compiled scripts are kept; null = `.luathost/cache/csx/` under the current directory.</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>False compiles every time and writes nothing to the cache (e.g. read-only media).</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Where compile errors and unhandled script exceptions are written; null = standard error.</summary>
    public TextWriter? ErrorOutput { get; init; }

    public string ResolveCacheDirectory() =>
        Path.GetFullPath(CacheDirectory ?? Path.Combine(Environment.CurrentDirectory, ".luathost", "cache", "csx"));
}
