namespace LuatHost.Aliyun.Ota;

/// <summary>
/// How the device side downloads an upgrade package. Defaults follow Luat's lib/aLiYunOta.lua (30 retries that resume
/// from what was kept, 20 s receive timeout, a progress report about every 5 s) and the module (1 MB for a package).
/// </summary>
public sealed record OtaDownloadOptions
{
    /// <summary>The largest package the device file system takes (the Air724's user space is about 1 MB).</summary>
    public long MaxPackageBytes { get; init; } = 1024 * 1024;

    /// <summary>Attempts after the first that fail before the download is given up (Luat: 30).</summary>
    public int Retries { get; init; } = 30;

    /// <summary>Pause between attempts (Luat retries at once; a short pause keeps a dead server from being hammered).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>An attempt that receives nothing for this long is abandoned (Luat's http.request timeout: 20 s).</summary>
    public TimeSpan ReceiveTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often progress is reported while the percentage changes (Luat: every 5 s).</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Bytes asked for per request: <c>Range: bytes=&lt;kept&gt;-&lt;kept+window-1&gt;</c>. Luat's http.lua streams one open-ended
    /// <c>bytes=&lt;kept&gt;-</c>; over AT the module holds a response whole until <c>+HTTPACTION</c>, so a cut mid-body loses
    /// the whole response. A bounded window keeps the loss to one window and the module's buffer small. 0 = Luat's
    /// open-ended form.
    /// </summary>
    public int RequestWindowBytes { get; init; } = 64 * 1024;

    /// <summary>Bytes per <c>AT+HTTPREAD=&lt;start&gt;,&lt;len&gt;</c>: the most the host holds of the package at once.</summary>
    public int ReadChunkBytes { get; init; } = 4096;
}
