using LuatHost.Aliyun;
using LuatHost.Aliyun.Ota;
using LuatHost.Modem;
using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// The `aLiYunOta` global: Luat's lib/aLiYunOta.lua over the same <see cref="AliyunOta"/> service as the Lua binding.
/// In Lua, <c>require "aLiYunOta"</c> turns OTA on; here the first call does (<see cref="Enable"/>, setVer, setName or
/// setCb) — make it before the first connect. Then every connect subscribes the upgrade topic, the version is reported
/// once (default <c>PROJECT_VERSION_core</c>), and a push is downloaded through the module into
/// <see cref="DownloadDirectory"/> under the setName name; setCb's callback then runs on the loop with (result, path).
/// </summary>
public sealed class ScriptALiYunOta
{
    private readonly ScriptALiYun _aliyun;
    private readonly ScriptLog _log;
    private readonly EventLoop _loop;
    private readonly Func<string> _defaultVersion;
    private readonly ScriptDevice? _device;
    private Action<bool, string?>? _callback;
    private AliyunOta? _ota;

    internal ScriptALiYunOta(ScriptALiYun aliyun, ScriptLog log, EventLoop loop, Func<string> defaultVersion, ScriptDevice? device = null)
    {
        _aliyun = aliyun;
        _log = log;
        _loop = loop;
        _defaultVersion = defaultVersion;
        _device = device;
    }

    /// <summary>The version reported on connect, once OTA is on.</summary>
    public string? Version => _ota?.Version;

    /// <summary>The host folder that plays the device's <c>/</c> for downloads (setCb's path is under it).</summary>
    public string DownloadDirectory { get; set; } = Path.Combine(Environment.CurrentDirectory, ".luathost", "ota");

    /// <summary>Size limit, retries, timeouts of the download; set before the first call.</summary>
    public OtaDownloadOptions Options { get; set; } = new();

    /// <summary>The C# form of <c>require "aLiYunOta"</c>: subscribe the upgrade topic and report the version on connect.</summary>
    public void Enable() => Ota("Enable");

#pragma warning disable IDE1006 // Luat's names, so a Lua flow ports line for line.
    /// <summary>aLiYunOta.setVer(version): the reported version; re-reported at once if it changed after a report.</summary>
    public void setVer(string version) => Ota("setVer").SetVersion(version);

    /// <summary>aLiYunOta.setName(name): download to this file instead of updating the firmware.</summary>
    public void setName(string name) => Ota("setName").DownloadFileName = name;

    /// <summary>aLiYunOta.setCb(cb(result, filePath)): called on the loop when a download ends.</summary>
    public void setCb(Action<bool, string?> cb)
    {
        ArgumentNullException.ThrowIfNull(cb);
        Ota("setCb");
        _callback = cb;
    }

    public bool isDownloading() => _ota?.IsDownloading ?? false;

    public double getPercent() => _ota?.Percent ?? 0;
#pragma warning restore IDE1006

    internal void Shutdown() => _ota?.Dispose();

    private AliyunOta Ota(string what)
    {
        if (_ota is not null) return _ota;
        var client = _aliyun.Service
            ?? throw new InvalidOperationException($"aLiYunOta.{what}: no module attached (run the script with `luathost run`)");
        var setup = _device is null ? null
            : new OtaDownloadSetup(new HttpTransfer(_device.Modem, Options.ReadChunkBytes), Place, Options);
        var ota = new AliyunOta(client, _defaultVersion(), setup);
        // Raised on background threads: logged and called back through the loop, in the same words as the Lua binding.
        ota.UpgradeAnnounced += notice => _loop.Post(() => _log.info("aLiYunOta", notice.AnnouncementText));
        ota.Problem += text => _loop.Post(() => _log.warn("aLiYunOta", text));
        ota.DownloadFinished += result => _loop.Post(() =>
        {
            if (_callback is { } cb)
            {
                cb(result.Succeeded, result.DevicePath is null ? null : Place(result.DevicePath).HostPath);
            }
            else if (result.Succeeded)
            {
                _log.info("aLiYunOta", $"upgrade stored as {result.DevicePath}; no setCb callback (a C# script is not restarted)");
            }
        });
        _ota = ota;
        return ota;
    }

    /// <summary>A setName name under <see cref="DownloadDirectory"/>; a name that climbs out of it is refused.</summary>
    private OtaFilePlace Place(string name)
    {
        var relative = name.Replace('\\', '/').TrimStart('/');
        if (relative.Length == 0 || relative.Split('/').Any(segment => segment is ".." or "."))
        {
            throw new ArgumentException($"'{name}' is not a file name inside the download folder");
        }
        return new OtaFilePlace("/" + relative, Path.Combine(DownloadDirectory, relative));
    }
}
