using System.Text.Json;
using System.Text.Json.Serialization;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Broker;
using NLog;

namespace LuatHost.Cli.Simulation;

/// <summary>
/// A demo's declarative cloud behaviour (<c>cloud-script.json</c> beside main.lua), so a run shows the device
/// receiving something without a second terminal:
/// <code>
/// { "rules": [ { "afterDeviceSubscribesTo": "/pk/dn/get",
///                "publish": { "productKey": "pk", "deviceName": "dn", "topic": "/pk/dn/get", "payload": "hello", "qos": 0 },
///                "once": true } ] }
/// </code>
/// Each rule has one trigger: <c>afterDeviceSubscribesTo</c> (a device's accepted subscription to exactly that topic
/// filter: "the cloud sends a message to the listening device") or <c>afterDevicePublishesTo</c> (a device's publish
/// on that topic: "the cloud answers"). The trigger makes the cloud push the message (the console's "发布消息"), or,
/// with <c>"upgrade": {"file": "&lt;path relative to the project&gt;", "version": "&lt;target&gt;", "module": "…"}</c> instead of
/// <c>publish</c>, start an OTA job for the device that fired the trigger (the console's "升级"), so <c>run</c> shows an
/// OTA without a second terminal.
/// </summary>
public sealed class CloudScript : IDisposable
{
    public const string FileName = "cloud-script.json";

    private static readonly Logger Log = LogManager.GetLogger("luathost.cloud.script");
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly LocalCloud _cloud;
    private readonly string _projectDirectory;
    private readonly List<CloudRule> _rules;
    private readonly HashSet<CloudRule> _fired = [];
    private readonly Lock _gate = new();

    private CloudScript(LocalCloud cloud, List<CloudRule> rules, string projectDirectory)
    {
        _cloud = cloud;
        _projectDirectory = projectDirectory;
        _rules = rules;
        cloud.Messages.Added += OnMessage;
        cloud.DeviceSubscribed += OnSubscribed;
    }

    /// <summary>Reads and attaches <c>cloud-script.json</c> from <paramref name="projectDirectory"/>; null when there is none.</summary>
    public static CloudScript? AttachFromProject(LocalCloud cloud, string projectDirectory)
    {
        var path = Path.Combine(projectDirectory, FileName);
        return File.Exists(path) ? Attach(cloud, File.ReadAllText(path), path, projectDirectory) : null;
    }

    public static CloudScript Attach(LocalCloud cloud, string json, string source = "(inline)", string? projectDirectory = null)
    {
        CloudScriptDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<CloudScriptDocument>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{source} is not a valid cloud script: {ex.Message}");
        }
        var rules = document?.Rules ?? [];
        foreach (var rule in rules)
        {
            if (string.IsNullOrEmpty(rule.AfterDevicePublishesTo) == string.IsNullOrEmpty(rule.AfterDeviceSubscribesTo)
                || (rule.Publish is null) == (rule.Upgrade is null)
                || rule.Publish is { } publish && publish is not { Topic.Length: > 0, ProductKey.Length: > 0, DeviceName.Length: > 0 })
            {
                throw new ArgumentException($"{source}: every rule needs one trigger, \"afterDeviceSubscribesTo\" or \"afterDevicePublishesTo\", "
                    + "and either \"publish\" with productKey, deviceName and topic, or \"upgrade\" with file and version");
            }
            if (rule.Upgrade is { } upgrade)
            {
                if (upgrade is not { File.Length: > 0, Version.Length: > 0 })
                {
                    throw new ArgumentException($"{source}: \"upgrade\" needs \"file\" (relative to the project) and \"version\" (the target version)");
                }
                var file = Path.GetFullPath(Path.Combine(projectDirectory ?? Environment.CurrentDirectory, upgrade.File));
                if (!File.Exists(file))
                {
                    throw new ArgumentException($"{source}: the upgrade package '{upgrade.File}' does not exist (looked for {file})");
                }
            }
        }
        return new CloudScript(cloud, rules, projectDirectory ?? Environment.CurrentDirectory);
    }

    private void OnMessage(CloudMessage message)
    {
        if (!message.FromCloud)
        {
            Fire(rule => rule.AfterDevicePublishesTo == message.Topic, message.ProductKey, message.DeviceName);
        }
    }

    private void OnSubscribed(DeviceSubscription subscription) =>
        Fire(rule => rule.AfterDeviceSubscribesTo == subscription.TopicFilter, subscription.ProductKey, subscription.DeviceName);

    private void Fire(Func<CloudRule, bool> triggered, string? productKey, string? deviceName)
    {
        foreach (var rule in _rules)
        {
            if (!triggered(rule))
            {
                continue;
            }
            lock (_gate)
            {
                if (rule.Once && !_fired.Add(rule))
                {
                    continue;
                }
            }
            if (rule.Upgrade is { } upgrade)
            {
                StartUpgrade(upgrade, productKey, deviceName);
                continue;
            }
            var push = rule.Publish!;
            // Triggers run on the broker's thread: push from the pool so message delivery never waits on itself.
            _ = Task.Run(async () =>
            {
                try
                {
                    await _cloud.PublishToDeviceAsync(push.ProductKey, push.DeviceName, push.Topic, push.Payload ?? "", push.Qos).ConfigureAwait(false);
                    Log.Info("cloud script: sent '{0}' to {1}/{2} on {3}", push.Payload, push.ProductKey, push.DeviceName, push.Topic);
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
                {
                    Log.Warn("cloud script: cannot publish to {0}/{1}: {2}", push.ProductKey, push.DeviceName, ex.Message);
                }
            });
        }
    }

    private void StartUpgrade(CloudUpgrade upgrade, string? triggerProductKey, string? triggerDeviceName)
    {
        var productKey = upgrade.ProductKey ?? triggerProductKey;
        var deviceName = upgrade.DeviceName ?? triggerDeviceName;
        if (productKey is null || deviceName is null)
        {
            return;
        }
        // Off the broker's thread: reading the package for its MD5 must not hold up message delivery.
        _ = Task.Run(() =>
        {
            try
            {
                var job = _cloud.Ota.Push(productKey, deviceName, Path.Combine(_projectDirectory, upgrade.File), upgrade.Version, upgrade.Module);
                Log.Info("cloud script: OTA job {0} for {1}/{2}: {3} → version {4}", job.JobId, productKey, deviceName, upgrade.File, upgrade.Version);
            }
            catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
            {
                Log.Warn("cloud script: cannot start the upgrade of {0}/{1}: {2}", productKey, deviceName, ex.Message);
            }
        });
    }

    public void Dispose()
    {
        _cloud.Messages.Added -= OnMessage;
        _cloud.DeviceSubscribed -= OnSubscribed;
    }

    private sealed class CloudScriptDocument
    {
        public List<CloudRule> Rules { get; set; } = [];
    }

    private sealed class CloudRule
    {
        public string AfterDevicePublishesTo { get; set; } = "";

        public string AfterDeviceSubscribesTo { get; set; } = "";

        public CloudPush? Publish { get; set; }

        public CloudUpgrade? Upgrade { get; set; }

        [JsonPropertyName("once")]
        public bool Once { get; set; } = true;
    }

    private sealed class CloudUpgrade
    {
        public string File { get; set; } = "";

        public string Version { get; set; } = "";

        public string? Module { get; set; }

        /// <summary>Default: the device that fired the trigger.</summary>
        public string? ProductKey { get; set; }

        public string? DeviceName { get; set; }
    }

    private sealed class CloudPush
    {
        public string ProductKey { get; set; } = "";

        public string DeviceName { get; set; } = "";

        public string Topic { get; set; } = "";

        public string? Payload { get; set; }

        public int Qos { get; set; }
    }
}
