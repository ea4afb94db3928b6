namespace LuatHost.Sim.Cloud.Registry;

/// <summary>
/// The topic classes a device may publish to or subscribe to: the defaults every Aliyun device has
/// (docs/aliyun-iot.md §1.8, §4) plus the product's custom classes, bound to the device's own names.
/// </summary>
public sealed class TopicPermissions
{
    /// <summary>The platform's topic length limit (D-MSG2).</summary>
    public const int MaxTopicLength = 128;

    private readonly string[] _publish;
    private readonly string[] _subscribe;

    private TopicPermissions(string[] publish, string[] subscribe)
    {
        _publish = publish;
        _subscribe = subscribe;
    }

    /// <summary>The MQTT dynamic-registration topic the platform answers on (docs/aliyun-iot.md §3.2).</summary>
    public const string RegisterTopic = "/ext/register";

    public IReadOnlyList<string> PublishPatterns => _publish;

    public IReadOnlyList<string> SubscribePatterns => _subscribe;

    public static TopicPermissions For(string productKey, string deviceName, IEnumerable<TopicClassRecord> customClasses)
    {
        var publish = new List<string>
        {
            $"/{productKey}/{deviceName}/user/update",
            $"/{productKey}/{deviceName}/user/update/error",
            $"/{productKey}/{deviceName}/update",
            $"/{productKey}/{deviceName}/update/error",
            $"/sys/{productKey}/{deviceName}/thing/#",
            $"/sys/{productKey}/{deviceName}/rrpc/#",
            $"/ota/device/inform/{productKey}/{deviceName}",
            $"/ota/device/progress/{productKey}/{deviceName}",
        };
        var subscribe = new List<string>
        {
            $"/{productKey}/{deviceName}/user/get",
            $"/{productKey}/{deviceName}/get",
            $"/sys/{productKey}/{deviceName}/thing/#",
            $"/sys/{productKey}/{deviceName}/rrpc/#",
            $"/ota/device/upgrade/{productKey}/{deviceName}",
            $"/ota/device/request/{productKey}/{deviceName}",
            $"/broadcast/{productKey}/#",
        };
        foreach (var topicClass in customClasses)
        {
            var bound = topicClass.Topic
                .Replace("${deviceName}", deviceName, StringComparison.Ordinal)
                .Replace("${productKey}", productKey, StringComparison.Ordinal);
            if (topicClass.Access is TopicAccess.Pub or TopicAccess.PubSub)
            {
                publish.Add(bound);
            }

            if (topicClass.Access is TopicAccess.Sub or TopicAccess.PubSub)
            {
                subscribe.Add(bound);
            }
        }

        return new TopicPermissions([.. publish], [.. subscribe]);
    }

    /// <summary>A registration connection may only receive its /ext/register answer.</summary>
    public static TopicPermissions ForRegistration() => new([], [RegisterTopic]);

    public bool MayPublish(string topic) =>
        IsValidLength(topic) && !topic.Contains('+', StringComparison.Ordinal) && !topic.Contains('#', StringComparison.Ordinal)
        && _publish.Any(pattern => Covers(pattern, topic));

    /// <summary>A filter is allowed when every topic it can match is inside one subscribe class.</summary>
    public bool MaySubscribe(string topicFilter) =>
        IsValidLength(topicFilter) && _subscribe.Any(pattern => Covers(pattern, topicFilter));

    private static bool IsValidLength(string topic) => topic.Length is > 0 and <= MaxTopicLength;

    /// <summary>True when every topic matched by <paramref name="filter"/> is matched by <paramref name="pattern"/>.</summary>
    internal static bool Covers(string pattern, string filter)
    {
        var patternLevels = pattern.Split('/');
        var filterLevels = filter.Split('/');
        for (var i = 0; i < patternLevels.Length; i++)
        {
            if (patternLevels[i] == "#")
            {
                return true;
            }

            if (i >= filterLevels.Length)
            {
                return false;
            }

            var level = filterLevels[i];
            if (level == "#")
            {
                return false;
            }

            if (patternLevels[i] == "+")
            {
                continue;
            }

            if (level == "+" || !string.Equals(patternLevels[i], level, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return patternLevels.Length == filterLevels.Length;
    }
}
