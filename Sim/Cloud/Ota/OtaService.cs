using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Registry;
using NLog;

namespace LuatHost.Sim.Cloud.Ota;

/// <summary>
/// The platform's OTA side (docs/aliyun-iot.md §4.4 and appendix): jobs created by <see cref="Push"/> (the console's "升级"),
/// the upgrade message on <c>/ota/device/upgrade/&lt;pk&gt;/&lt;dn&gt;</c> with a signed URL that expires, every progress report
/// recorded, the push repeated when the device subscribes again (a reconnect) while it still runs an older version, the
/// job done when the device reports the target version on <c>/ota/device/inform/…</c>, and the pull form
/// <c>/sys/…/thing/ota/firmware/get</c> answered on <c>get_reply</c>.
/// </summary>
public sealed class OtaService
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Sim.Cloud.Ota");

    private readonly DeviceRegistry _registry;
    private readonly CloudOutbox _outbox;
    private readonly Func<string, string, bool> _isOnline;
    private readonly Lock _gate = new();
    private readonly List<OtaJob> _jobs = [];
    private readonly ConcurrentDictionary<string, OtaPackage> _packages = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<OtaDownloadRecord> _downloads = new();
    private int _jobCounter;

    internal OtaService(DeviceRegistry registry, CloudOutbox outbox, Func<string, string, bool> isOnline)
    {
        _registry = registry;
        _outbox = outbox;
        _isOnline = isOnline;
    }

    public OtaUrlSigner Signer { get; } = new();

    public OtaFaults Faults { get; } = new();

    /// <summary>How long a pushed URL stays valid (Aliyun's OSS links are time-limited; 24 h here [unverified]).</summary>
    public TimeSpan UrlLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Every package request, in order.</summary>
    public IReadOnlyList<OtaDownloadRecord> Downloads => _downloads.ToArray();

    /// <summary>Raised when a job changes state (on the broker's thread or the caller's; keep handlers short).</summary>
    public event Action<OtaJobView>? JobChanged;

    public static string UpgradeTopic(string productKey, string deviceName) => $"/ota/device/upgrade/{productKey}/{deviceName}";

    /// <summary>
    /// Creates a job for the device (replacing an unfinished one for the same module) and pushes it now if the device is
    /// online, else when it next subscribes to its upgrade topic. Throws <see cref="ArgumentException"/> with a user-facing
    /// message for an unknown device, a missing or empty file, or no version.
    /// </summary>
    public OtaJobView Push(string productKey, string deviceName, string filePath, string version, string? module = null)
    {
        if (_registry.FindDevice(productKey, deviceName) is null)
        {
            throw new ArgumentException($"device {productKey}/{deviceName} is not in the registry");
        }
        if (string.IsNullOrWhiteSpace(version))
        {
            throw new ArgumentException("the target version is empty; give --version (the version the device reports after the upgrade)");
        }
        var package = OtaPackage.FromFile(filePath);
        _packages[package.Id] = package;
        OtaJob job;
        lock (_gate)
        {
            _jobs.RemoveAll(j => j.IsOpen && j.IsFor(productKey, deviceName, module));
            job = new OtaJob($"ota-{Interlocked.Increment(ref _jobCounter)}", productKey, deviceName, module, version, package);
            _jobs.Add(job);
        }
        Log.Info("OTA job {0}: {1}/{2} to version {3}, package {4} ({5} bytes, md5 {6})", job.JobId, productKey, deviceName, version,
            package.FileName, package.Size, package.Md5);
        if (_isOnline(productKey, deviceName))
        {
            SendPush(job, "the device is online");
        }
        else
        {
            Log.Info("OTA job {0}: {1}/{2} is offline; the upgrade is pushed when it connects", job.JobId, productKey, deviceName);
        }
        return Changed(job);
    }

    public IReadOnlyList<OtaJobView> Jobs()
    {
        lock (_gate)
        {
            return _jobs.Select(j => j.View()).ToArray();
        }
    }

    public OtaPackage? FindPackage(string id) => _packages.GetValueOrDefault(id);

    /// <summary>After a package download was answered (raised on the request's thread: look, don't block).</summary>
    public event Action<OtaDownloadRecord>? DownloadRecorded;

    internal void Record(OtaDownloadRecord record)
    {
        _downloads.Enqueue(record);
        DownloadRecorded?.Invoke(record);
    }

    /// <summary>A device subscribed: if it is its upgrade topic and a job is unfinished, (re)push — the reconnect rule.</summary>
    internal void OnSubscribed(DeviceSubscription subscription)
    {
        if (subscription.TopicFilter != UpgradeTopic(subscription.ProductKey, subscription.DeviceName))
        {
            return;
        }
        foreach (var job in OpenJobs(subscription.ProductKey, subscription.DeviceName))
        {
            bool push;
            lock (_gate)
            {
                push = job.DeviceVersion != job.TargetVersion;
            }
            if (push)
            {
                SendPush(job, job.Pushes == 0 ? "the device connected" : "the device reconnected and still runs an older version");
            }
        }
    }

    /// <summary>Device publishes that concern OTA: version reports, progress, and the pull request.</summary>
    internal void OnDeviceMessage(CloudMessage message)
    {
        if (message.FromCloud || message.ProductKey is not { } pk || message.DeviceName is not { } dn)
        {
            return;
        }
        if (message.Topic == $"/ota/device/inform/{pk}/{dn}")
        {
            OnInform(pk, dn, message.Payload);
        }
        else if (message.Topic == $"/ota/device/progress/{pk}/{dn}")
        {
            OnProgress(pk, dn, message.Payload);
        }
        else if (message.Topic == $"/sys/{pk}/{dn}/thing/ota/firmware/get")
        {
            OnFirmwareGet(pk, dn, message.Payload);
        }
    }

    private void OnInform(string pk, string dn, byte[] payload)
    {
        if (Params(payload, out _) is not { } parameters || Text(parameters, "version") is not { } version)
        {
            Log.Warn("OTA: {0}/{1} sent a version report without params.version; ignored", pk, dn);
            return;
        }
        var module = Text(parameters, "module");
        Log.Info("OTA: {0}/{1} reports version {2}{3}", pk, dn, version, module is null ? "" : $" (module {module})");
        foreach (var job in OpenJobs(pk, dn, module))
        {
            lock (_gate)
            {
                job.DeviceVersion = version;
                if (version == job.TargetVersion)
                {
                    job.State = OtaJobState.Done;
                }
            }
            if (job.State == OtaJobState.Done)
            {
                Log.Info("OTA job {0}: done, {1}/{2} runs version {3}", job.JobId, pk, dn, version);
            }
            Changed(job);
        }
    }

    private void OnProgress(string pk, string dn, byte[] payload)
    {
        if (Params(payload, out _) is not { } parameters || Text(parameters, "step") is not { } step)
        {
            Log.Warn("OTA: {0}/{1} sent a progress report without params.step; ignored", pk, dn);
            return;
        }
        var description = Text(parameters, "desc");
        var module = Text(parameters, "module");
        var report = new OtaProgressReport(DateTimeOffset.UtcNow, step, description, module);
        var value = double.TryParse(step, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN;
        foreach (var job in OpenJobs(pk, dn, module))
        {
            lock (_gate)
            {
                job.Progress.Add(report);
                job.State = value switch
                {
                    >= 100 => OtaJobState.Downloaded,
                    < 0 => OtaJobState.Failed,
                    _ => job.State is OtaJobState.Pushed or OtaJobState.Downloading or OtaJobState.Failed ? OtaJobState.Downloading : job.State,
                };
            }
            var failure = value switch
            {
                -1 => " (upgrade failed)", -2 => " (download failed)", -3 => " (verify failed)", -4 => " (flash failed)", _ => "",
            };
            Log.Info("OTA job {0}: {1}/{2} progress {3}{4}{5}", job.JobId, pk, dn, step, failure,
                string.IsNullOrEmpty(description) ? "" : $" \"{description}\"");
            Changed(job);
        }
    }

    private void OnFirmwareGet(string pk, string dn, byte[] payload)
    {
        var parameters = Params(payload, out var id);
        var module = parameters is null ? null : Text(parameters, "module");
        var job = OpenJobs(pk, dn, module).FirstOrDefault(j => j.DeviceVersion != j.TargetVersion);
        var data = job is null ? null : OtaUpgradeMessage.Data(job.Package, job.TargetVersion, FreshUrl(job.Package), job.Module);
        Log.Info("OTA: {0}/{1} asked for firmware; {2}", pk, dn, job is null ? "nothing pending" : $"answered with job {job.JobId}");
        _outbox.Send(pk, dn, $"/sys/{pk}/{dn}/thing/ota/firmware/get_reply", OtaUpgradeMessage.GetReply(id, data), 0);
    }

    private void SendPush(OtaJob job, string why)
    {
        var data = OtaUpgradeMessage.Data(job.Package, job.TargetVersion, FreshUrl(job.Package), job.Module);
        var payload = OtaUpgradeMessage.Push(data, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        lock (_gate)
        {
            job.Pushes++;
            if (job.State is OtaJobState.Waiting or OtaJobState.Failed)
            {
                job.State = OtaJobState.Pushed;
            }
        }
        Log.Info("OTA job {0}: pushing the upgrade to {1}/{2} ({3}, push #{4})", job.JobId, job.ProductKey, job.DeviceName, why, job.Pushes);
        _outbox.Send(job.ProductKey, job.DeviceName, UpgradeTopic(job.ProductKey, job.DeviceName), payload, 1);
        Changed(job);
    }

    private string FreshUrl(OtaPackage package) => Signer.Url(package, DateTimeOffset.UtcNow + UrlLifetime);

    private OtaJob[] OpenJobs(string pk, string dn, string? module = null)
    {
        lock (_gate)
        {
            return _jobs.Where(j => j.IsOpen && j.ProductKey == pk && j.DeviceName == dn && (module is null || j.IsFor(pk, dn, module))).ToArray();
        }
    }

    private OtaJobView Changed(OtaJob job)
    {
        OtaJobView view;
        lock (_gate)
        {
            view = job.View();
        }
        JobChanged?.Invoke(view);
        return view;
    }

    /// <summary><c>params</c> of an Alink-style request, and its <c>id</c> (kept as sent: string or number).</summary>
    private static JsonObject? Params(byte[] payload, out JsonNode? id)
    {
        id = null;
        try
        {
            var root = JsonNode.Parse(payload) as JsonObject;
            id = root?["id"]?.DeepClone();
            return root?["params"] as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject parameters, string name) => parameters[name] switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value when value.TryGetValue<double>(out var number) => number.ToString(CultureInfo.InvariantCulture),
        _ => null,
    };
}
