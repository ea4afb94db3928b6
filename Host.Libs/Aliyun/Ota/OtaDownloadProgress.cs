namespace LuatHost.Aliyun.Ota;

/// <summary>Where a package download stands: bytes kept of the size, and whether it ended (and how).</summary>
public sealed record OtaDownloadProgress(string Version, long Received, long Size, TimeSpan Elapsed, bool Finished = false, bool Succeeded = false)
{
    public double Percent => Size <= 0 ? 0 : Received * 100.0 / Size;
}

/// <summary>
/// Every package download of this process, for a console display (the CLI's progress bar). Raised on background
/// threads; a handler must be quick and must not throw.
/// </summary>
public static class OtaDownloadFeed
{
    public static event Action<OtaDownloadProgress>? Changed;

    internal static void Raise(OtaDownloadProgress progress) => Changed?.Invoke(progress);
}
