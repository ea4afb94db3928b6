using LuatHost.Aliyun.Ota;
using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// The `aLiYunOta` global: Luat's lib/aLiYunOta.lua over the same <see cref="AliyunOta"/> service as the Lua binding.
/// In Lua, <c>require "aLiYunOta"</c> turns OTA on; here the first call does (<see cref="Enable"/>, setVer, setName or
/// setCb) — make it before the first connect. Then every connect subscribes the upgrade topic and the version is
/// reported once (default <c>PROJECT_VERSION_core</c>, from the script's PROJECT and VERSION globals). An upgrade
/// push is validated and logged; downloading it is not implemented yet, so setCb's callback is not called.
/// </summary>
public sealed class ScriptALiYunOta
{
    private readonly ScriptALiYun _aliyun;
    private readonly ScriptLog _log;
    private readonly EventLoop _loop;
    private readonly Func<string> _defaultVersion;
    private AliyunOta? _ota;

    internal ScriptALiYunOta(ScriptALiYun aliyun, ScriptLog log, EventLoop loop, Func<string> defaultVersion)
    {
        _aliyun = aliyun;
        _log = log;
        _loop = loop;
        _defaultVersion = defaultVersion;
    }

    /// <summary>The version reported on connect, once OTA is on.</summary>
    public string? Version => _ota?.Version;

    /// <summary>The C# form of <c>require "aLiYunOta"</c>: subscribe the upgrade topic and report the version on connect.</summary>
    public void Enable() => Ota("Enable");

#pragma warning disable IDE1006 // Luat's names, so a Lua flow ports line for line.
    /// <summary>aLiYunOta.setVer(version): the reported version; re-reported at once if it changed after a report.</summary>
    public void setVer(string version) => Ota("setVer").SetVersion(version);

    /// <summary>aLiYunOta.setName(name): download to this file instead of updating the firmware.</summary>
    public void setName(string name) => Ota("setName").DownloadFileName = name;

    /// <summary>aLiYunOta.setCb(cb(result, filePath)): kept for the download, which is not implemented yet.</summary>
    public void setCb(Action<bool, string?> cb)
    {
        ArgumentNullException.ThrowIfNull(cb);
        Ota("setCb");
    }

    public bool isDownloading() => false;

    public int getPercent() => 0;
#pragma warning restore IDE1006

    internal void Shutdown() => _ota?.Dispose();

    private AliyunOta Ota(string what)
    {
        if (_ota is not null) return _ota;
        var client = _aliyun.Service
            ?? throw new InvalidOperationException($"aLiYunOta.{what}: no module attached (run the script with `luathost run`)");
        var ota = new AliyunOta(client, _defaultVersion());
        // Raised on background threads: logged through the loop, in the same words as the Lua binding.
        ota.UpgradeAnnounced += notice => _loop.Post(() => _log.info("aLiYunOta", notice.AnnouncementText));
        ota.Problem += text => _loop.Post(() => _log.warn("aLiYunOta", text));
        _ota = ota;
        return ota;
    }
}
