using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Sim.Cloud.Broker;

/// <summary>What the broker knows about an accepted connection; kept in MQTTnet's SessionItems.</summary>
public sealed class DeviceSession
{
    internal const string SessionItemKey = "luathost.device";

    /// <summary>The platform's per-device subscription limit (D-MSG2).</summary>
    public const int MaxSubscriptions = 100;

    private readonly HashSet<string> _subscriptions = new(StringComparer.Ordinal);

    public DeviceSession(string productKey, string deviceName, TopicPermissions permissions, string authMode)
    {
        ProductKey = productKey;
        DeviceName = deviceName;
        Permissions = permissions;
        AuthMode = authMode;
    }

    public string ProductKey { get; }

    public string DeviceName { get; }

    public TopicPermissions Permissions { get; }

    /// <summary>securemode=3, securemode=2 or iotToken; shown by `cloud devices`.</summary>
    public string AuthMode { get; }

    public string DeviceKey => $"{ProductKey}/{DeviceName}";

    /// <summary>Records a new filter; false when it would pass the subscription limit.</summary>
    public bool TryAddSubscription(string filter)
    {
        lock (_subscriptions)
        {
            return _subscriptions.Contains(filter) || (_subscriptions.Count < MaxSubscriptions && _subscriptions.Add(filter));
        }
    }

    internal static DeviceSession? From(System.Collections.IDictionary? sessionItems) =>
        sessionItems?[SessionItemKey] as DeviceSession;
}
