namespace LuatHost.Sim.Cloud.Ota;

/// <summary>Where an OTA job stands. A job is done only when the device reports the target version (as on Aliyun).</summary>
public enum OtaJobState
{
    /// <summary>Created; the device was offline, it gets the push when it next subscribes to its upgrade topic.</summary>
    Waiting,
    /// <summary>The upgrade message went out (again after each reconnect while the device reports an older version).</summary>
    Pushed,
    /// <summary>The device reported progress (1..99).</summary>
    Downloading,
    /// <summary>The device reported step 100: downloaded and verified; waiting for the new version report.</summary>
    Downloaded,
    /// <summary>The device reported a failure step (−1 upgrade, −2 download, −3 verify, −4 flash failed).</summary>
    Failed,
    /// <summary>The device reported the target version.</summary>
    Done,
}

/// <summary>One progress report as the device sent it on <c>/ota/device/progress/&lt;pk&gt;/&lt;dn&gt;</c>.</summary>
public sealed record OtaProgressReport(DateTimeOffset Time, string Step, string? Description, string? Module);

/// <summary>A snapshot of an OTA job (the admin API and tests read these).</summary>
public sealed record OtaJobView(string JobId, string ProductKey, string DeviceName, string? Module, string TargetVersion,
    string PackageId, string FileName, long Size, string Md5, OtaJobState State, int Pushes, string? DeviceVersion,
    IReadOnlyList<OtaProgressReport> Progress);

/// <summary>An upgrade job for one device (and module); state changes go through <see cref="OtaService"/> under its lock.</summary>
internal sealed class OtaJob(string jobId, string productKey, string deviceName, string? module, string targetVersion, OtaPackage package)
{
    public string JobId { get; } = jobId;

    public string ProductKey { get; } = productKey;

    public string DeviceName { get; } = deviceName;

    public string? Module { get; } = module;

    public string TargetVersion { get; } = targetVersion;

    public OtaPackage Package { get; } = package;

    public OtaJobState State { get; set; } = OtaJobState.Waiting;

    public int Pushes { get; set; }

    public string? DeviceVersion { get; set; }

    public List<OtaProgressReport> Progress { get; } = [];

    public bool IsOpen => State is not OtaJobState.Done;

    public bool IsFor(string productKey, string deviceName, string? module) =>
        ProductKey == productKey && DeviceName == deviceName && OtaModules.Same(Module, module);

    public OtaJobView View() => new(JobId, ProductKey, DeviceName, Module, TargetVersion, Package.Id, Package.FileName, Package.Size,
        Package.Md5, State, Pushes, DeviceVersion, Progress.ToArray());
}

/// <summary>Aliyun's OTA modules: no module and "default" are the same one (docs/aliyun-iot.md §4.4).</summary>
internal static class OtaModules
{
    public static bool Same(string? a, string? b) =>
        string.Equals(Normal(a), Normal(b), StringComparison.Ordinal);

    private static string Normal(string? module) => string.IsNullOrEmpty(module) ? "default" : module;
}
