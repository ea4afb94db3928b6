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
/// on that topic: "the cloud answers"). The trigger makes the cloud push the message (the console's "发布消息").
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
    private readonly List<CloudRule> _rules;
    private readonly HashSet<CloudRule> _fired = [];
    private readonly Lock _gate = new();

    private CloudScript(LocalCloud cloud, List<CloudRule> rules)
    {
        _cloud = cloud;
        _rules = rules;
        cloud.Messages.Added += OnMessage;
        cloud.DeviceSubscribed += OnSubscribed;
    }

    /// <summary>Reads and attaches <c>cloud-script.json</c> from <paramref name="projectDirectory"/>; null when there is none.</summary>
    public static CloudScript? AttachFromProject(LocalCloud cloud, string projectDirectory)
    {
        var path = Path.Combine(projectDirectory, FileName);
        return File.Exists(path) ? Attach(cloud, File.ReadAllText(path), path) : null;
    }

    public static CloudScript Attach(LocalCloud cloud, string json, string source = "(inline)")
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
                || rule.Publish is not { Topic.Length: > 0, ProductKey.Length: > 0, DeviceName.Length: > 0 })
            {
                throw new ArgumentException($"{source}: every rule needs one trigger, \"afterDeviceSubscribesTo\" or \"afterDevicePublishesTo\", "
                    + "and \"publish\" with productKey, deviceName and topic");
            }
        }
        return new CloudScript(cloud, rules);
    }

    private void OnMessage(CloudMessage message)
    {
        if (!message.FromCloud)
        {
            Fire(rule => rule.AfterDevicePublishesTo == message.Topic);
        }
    }

    private void OnSubscribed(DeviceSubscription subscription) =>
        Fire(rule => rule.AfterDeviceSubscribesTo == subscription.TopicFilter);

    private void Fire(Func<CloudRule, bool> triggered)
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

        [JsonPropertyName("once")]
        public bool Once { get; set; } = true;
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
