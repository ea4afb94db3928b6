using System.Text.Json;
using LuatHost.Runtime;
using NLog;

namespace LuatHost.Aliyun.Ota;

/// <summary>
/// The connect side of Luat's aLiYunOta: on every connect, subscribe <c>/ota/device/upgrade/&lt;pk&gt;/&lt;dn&gt;</c> (QoS 1)
/// and, once per run (again when the version changes), report <c>{"id":1,"params":{"version":"…"}}</c> on
/// <c>/ota/device/inform/&lt;pk&gt;/&lt;dn&gt;</c>. An upgrade push is decoded and validated and raised as
/// <see cref="UpgradeAnnounced"/>; downloading the package is not implemented yet (a later issue).
/// </summary>
public sealed class AliyunOta : IDisposable
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun.Ota");

    private readonly AliyunClient _client;
    private readonly Lock _gate = new();
    private string _version;
    private string? _reportedVersion;
    private (string ProductKey, string DeviceName)? _device;

    public AliyunOta(AliyunClient client, string version)
    {
        _client = client;
        _version = version;
        _client.SessionStarted += OnSessionStarted;
    }

    /// <summary>A valid upgrade push arrived (background thread).</summary>
    public event Action<OtaUpgradeNotice>? UpgradeAnnounced;

    /// <summary>An upgrade push was unusable, or the download was asked for (background thread); the text says why.</summary>
    public event Action<string>? Problem;

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

    /// <summary><c>aLiYunOta.setName</c>: the file the package would be downloaded to (instead of a firmware update).</summary>
    public string? DownloadFileName { get; set; }

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

    public static string VersionReport(string version) =>
        "{\"id\":1,\"params\":{\"version\":" + JsonSerializer.Serialize(version) + "}}";

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

    private void OnUpgradePush(AliyunMessage message)
    {
        if (!OtaUpgradeNotice.TryParse(message.Payload, out var notice, out var error))
        {
            var text = $"aLiYunOta: ignored an upgrade push on {message.Topic}: {error}";
            Log.Log(Problem is null ? LogLevel.Warn : LogLevel.Debug, text);
            Problem?.Invoke(text);
            return;
        }
        Log.Log(UpgradeAnnounced is null ? LogLevel.Info : LogLevel.Debug, "aLiYunOta: upgrade to {0} announced ({1} bytes, md5 {2}, {3}); downloading is not implemented yet (a later issue)",
            notice!.Version, notice.Size, notice.Md5, notice.UrlWithoutQuery);
        UpgradeAnnounced?.Invoke(notice);
    }

    public void Dispose() => _client.SessionStarted -= OnSessionStarted;
}
