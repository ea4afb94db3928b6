using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Sim.Cloud.Broker;

/// <summary>What the broker knows about an accepted connection; kept in MQTTnet's SessionItems.</summary>
public sealed class DeviceSession
{
    internal const string SessionItemKey = "luathost.device";

    /// <summary>The platform's per-device subscription limit (D-MSG2).</summary>
    public const int MaxSubscriptions = 100;

    private readonly HashSet<string> _subscriptions = new(StringComparer.Ordinal);
    private long _rateWindow = long.MinValue;
    private int _publishesInWindow;

    public DeviceSession(string productKey, string deviceName, TopicPermissions permissions, string authMode, bool isRegistration = false)
    {
        IsRegistration = isRegistration;
        ProductKey = productKey;
        DeviceName = deviceName;
        Permissions = permissions;
        AuthMode = authMode;
    }

    public string ProductKey { get; }

    /// <summary>
    /// When the CONNECT was validated, in arrival order. The broker's "client connected" events can run out of order
    /// under load, so "which connection is newer" is decided by this, not by which event ran last.
    /// </summary>
    public long ConnectOrder { get; internal set; }

    public string DeviceName { get; }

    public TopicPermissions Permissions { get; }

    /// <summary>securemode=3, securemode=2 or iotToken; shown by `cloud devices`.</summary>
    public string AuthMode { get; }

    /// <summary>An MQTT dynamic-registration connection: it gets its secret on /ext/register and nothing else.</summary>
    public bool IsRegistration { get; }

    public string DeviceKey => $"{ProductKey}/{DeviceName}";

    /// <summary>
    /// Counts an upstream publish in a fixed one-second window; false once <paramref name="perSecond"/>
    /// publishes have been counted in the current window (Aliyun throttles devices, figures unverified).
    /// </summary>
    public bool TryCountPublish(DateTimeOffset now, int perSecond)
    {
        lock (_subscriptions)
        {
            var window = now.ToUnixTimeSeconds();
            if (window != _rateWindow)
            {
                (_rateWindow, _publishesInWindow) = (window, 0);
            }

            if (_publishesInWindow >= perSecond)
            {
                return false;
            }

            _publishesInWindow++;
            return true;
        }
    }

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
