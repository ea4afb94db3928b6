using System.Text.Json;
using LuatHost.Runtime;
using NLog;

namespace LuatHost.Aliyun.Ota;

/// <summary>
/// Luat's aLiYunOta (lib/aLiYunOta.lua) over <see cref="AliyunClient"/>: on every connect, subscribe
/// <c>/ota/device/upgrade/&lt;pk&gt;/&lt;dn&gt;</c> (QoS 1) and, once per run (again when the version changes), report
/// <c>{"id":1,"params":{"version":"…"}}</c> on <c>/ota/device/inform/&lt;pk&gt;/&lt;dn&gt;</c>. An upgrade push is validated and,
/// with a <see cref="OtaDownloadSetup"/>, downloaded through the module (<see cref="OtaPackageDownload"/>) while progress goes
/// to <c>/ota/device/progress/&lt;pk&gt;/&lt;dn&gt;</c>; <see cref="DownloadFinished"/> then carries the result (both faces call
/// the script's setCb from it). A push that arrives while a download runs is ignored, as in Luat.
/// </summary>
public sealed class AliyunOta : IDisposable
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun.Ota");

    private readonly AliyunClient _client;
    private readonly OtaDownloadSetup? _download;
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private string _version;
    private string? _reportedVersion;
    private (string ProductKey, string DeviceName)? _device;
    private OtaPackageDownload? _running;

    public AliyunOta(AliyunClient client, string version, OtaDownloadSetup? download = null)
    {
        _client = client;
        _version = version;
        _download = download;
        _client.SessionStarted += OnSessionStarted;
    }

    /// <summary>A valid upgrade push arrived (background thread).</summary>
    public event Action<OtaUpgradeNotice>? UpgradeAnnounced;

    /// <summary>An upgrade push was unusable or a download failed (background thread); the text says why, for a host line.</summary>
    public event Action<string>? Problem;

    /// <summary>A download ended, verified or not (background thread).</summary>
    public event Action<OtaDownloadResult>? DownloadFinished;

    /// <summary>The version reported on connect (Luat default: PROJECT_VERSION_core).</summary>
    public string Version
    {
        get
        {
            lock (_gate)
            {
                return _version;
            }
        }
    }

    /// <summary><c>aLiYunOta.setName</c>: the file the package is downloaded to (instead of a firmware update).</summary>
    public string? DownloadFileName { get; set; }

    /// <summary><c>aLiYunOta.isDownloading</c>.</summary>
    public bool IsDownloading => Volatile.Read(ref _running) is not null;

    /// <summary><c>aLiYunOta.getPercent</c>: bytes kept × 100 / size of the running (or last) download.</summary>
    public double Percent => _lastPercent();

    private Func<double> _lastPercent = static () => 0;

    /// <summary><c>aLiYunOta.setVer</c>: re-reported at once if an older version was already reported.</summary>
    public void SetVersion(string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(version);
        bool reportNow;
        lock (_gate)
        {
            _version = version;
            reportNow = _reportedVersion is not null && _reportedVersion != version && _device is not null;
        }
        if (reportNow)
        {
            Report();
        }
    }

    /// <summary>Luat's default reported version (lib/aLiYunOta.lua): <c>PROJECT_VERSION_core</c>, from the script's globals.</summary>
    public static string DefaultVersion(string project, string version) => $"{project}_{version}_{LuatCoreVersion.Text}";

    public static string InformTopic(string productKey, string deviceName) => $"/ota/device/inform/{productKey}/{deviceName}";

    public static string UpgradeTopic(string productKey, string deviceName) => $"/ota/device/upgrade/{productKey}/{deviceName}";

    public static string ProgressTopic(string productKey, string deviceName) => $"/ota/device/progress/{productKey}/{deviceName}";

    public static string VersionReport(string version) =>
        "{\"id\":1,\"params\":{\"version\":" + JsonSerializer.Serialize(version) + "}}";

    /// <summary>Luat's progress message: <c>{"id":1,"params":{"step":"…","desc":"…"}}</c> (step as a string).</summary>
    public static string ProgressReport(string step, string description) =>
        "{\"id\":1,\"params\":{\"step\":" + JsonSerializer.Serialize(step) + ",\"desc\":" + JsonSerializer.Serialize(description) + "}}";

    private void OnSessionStarted(string productKey, string deviceName)
    {
        bool reportNow;
        lock (_gate)
        {
            _device = (productKey, deviceName);
            reportNow = _reportedVersion != _version;
        }
        var upgrade = UpgradeTopic(productKey, deviceName);
        _client.RouteTopic(upgrade, OnUpgradePush);
        _client.Subscribe(upgrade, 1);
        if (reportNow)
        {
            Report();
        }
    }

    private void Report()
    {
        string version;
        (string ProductKey, string DeviceName) device;
        lock (_gate)
        {
            version = _version;
            if (_device is not { } known)
            {
                return;
            }
            device = known;
            // Counted as reported now so a reconnect does not queue a second copy; the queue keeps this one until PUBACK.
            _reportedVersion = version;
        }
        Log.Info("aLiYunOta: reporting version {0}", version);
        _ = _client.PublishAsync(InformTopic(device.ProductKey, device.DeviceName), VersionReport(version), 1).ContinueWith(sent =>
        {
            if (!sent.IsCompletedSuccessfully || !sent.Result)
            {
                lock (_gate)
                {
                    _reportedVersion = null;
                }
            }
        }, TaskScheduler.Default);
    }

    /// <summary>Luat reports progress only while connected (QoS 0); a step lost to a disconnect is not queued.</summary>
    private void ReportStep(string step, string description)
    {
        (string ProductKey, string DeviceName)? device;
        lock (_gate)
        {
            device = _device;
        }
        if (device is not { } d || !_client.IsConnected)
        {
            return;
        }
        Log.Debug("aLiYunOta: progress {0} {1}", step, description);
        _ = _client.PublishAsync(ProgressTopic(d.ProductKey, d.DeviceName), ProgressReport(step, description));
    }

    private void OnUpgradePush(AliyunMessage message)
    {
        if (!OtaUpgradeNotice.TryParse(message.Payload, out var notice, out var error))
        {
            Complain($"aLiYunOta: ignored an upgrade push on {message.Topic}: {error}");
            if (_download is not null)
            {
                ReportStep("-1", "invalid upgrade message");
            }
            return;
        }
        if (_download is null)
        {
            Log.Log(UpgradeAnnounced is null ? LogLevel.Info : LogLevel.Debug, "aLiYunOta: upgrade to {0} announced ({1} bytes, md5 {2}, {3})",
                notice!.Version, notice.Size, notice.Md5, notice.UrlWithoutQuery);
            UpgradeAnnounced?.Invoke(notice);
            return;
        }
        if (notice!.Size > _download.Options.MaxPackageBytes)
        {
            Complain($"aLiYunOta: the upgrade to {notice.Version} is {notice.Size} bytes; the device file system takes at most "
                + $"{_download.Options.MaxPackageBytes} bytes (raise the limit or push a smaller package); reported step -1");
            ReportStep("-1", "package too large");
            return;
        }
        OtaFilePlace place;
        try
        {
            place = _download.Place(DownloadFileName ?? OtaDownloadSetup.DefaultFileName);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or ArgumentException or IOException)
        {
            Complain($"aLiYunOta: cannot store the upgrade under '{DownloadFileName}': {e.Message}; reported step -1");
            ReportStep("-1", "bad file name");
            return;
        }
        var download = new OtaPackageDownload(_download.Transfer, notice, place, _download.Options);
        if (Interlocked.CompareExchange(ref _running, download, null) is not null)
        {
            Log.Info("aLiYunOta: ignored an upgrade push to {0}: a download is already running (as Luat does)", notice.Version);
            return;
        }
        _lastPercent = () => download.Percent;
        download.Step += step => ReportStep(step, "");
        UpgradeAnnounced?.Invoke(notice);
        Log.Info("aLiYunOta: downloading {0} ({1} bytes) from {2} to {3}", notice.Version, notice.Size, notice.UrlWithoutQuery, place.DevicePath);
        _ = Task.Run(() => RunDownloadAsync(download, notice));
    }

    private async Task RunDownloadAsync(OtaPackageDownload download, OtaUpgradeNotice notice)
    {
        OtaDownloadResult result;
        try
        {
            result = await download.RunAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Volatile.Write(ref _running, null);
            return; // the run is ending
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            result = new OtaDownloadResult(false, -2, null, $"cannot write the package on the host: {e.Message}", 0);
        }
        Volatile.Write(ref _running, null);
        if (result.Succeeded)
        {
            Log.Info("aLiYunOta: {0} downloaded and verified (md5 {1}), stored as {2}", notice.Version, notice.Md5, result.DevicePath);
            ReportStep("100", "0");
        }
        else
        {
            var what = result.Step == -3 ? "verify failed" : "download failed";
            Complain($"aLiYunOta: the upgrade to {notice.Version} failed ({what}): {result.Reason}; reported step {result.Step}");
            ReportStep(result.Step.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Step == -3 ? "md5 mismatch" : "timeout");
        }
        DownloadFinished?.Invoke(result);
    }

    private void Complain(string text)
    {
        Log.Warn(text);
        Problem?.Invoke(text);
    }

    public void Dispose()
    {
        _client.SessionStarted -= OnSessionStarted;
        _stopping.Cancel();
        _stopping.Dispose();
    }
}
