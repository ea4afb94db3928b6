namespace LuatHost.Aliyun;

/// <summary>
/// The topics the script asked for and which of them the current session has already subscribed. Every remembered
/// topic is subscribed again after a reconnect (a clean session forgets them on the broker side), so a script that
/// subscribes once before the first connect keeps receiving. Asking again for a topic already subscribed in this
/// session sends nothing. Thread-safe.
/// </summary>
public sealed class SubscriptionBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _wanted = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Dictionary<string, int> _sentThisSession = new(StringComparer.Ordinal);

    /// <summary>Raised after a request that needs sending (any thread).</summary>
    public event Action? Requested;

    public void Request(string topic, int qos)
    {
        bool changed;
        lock (_gate)
        {
            if (!_wanted.ContainsKey(topic))
            {
                _order.Add(topic);
            }
            _wanted[topic] = qos;
            changed = !_sentThisSession.TryGetValue(topic, out var sentQos) || sentQos != qos;
        }
        if (changed)
        {
            Requested?.Invoke();
        }
    }

    /// <summary>A new MQTT session: nothing is subscribed on the broker yet.</summary>
    public void BeginSession()
    {
        lock (_gate)
        {
            _sentThisSession.Clear();
        }
    }

    /// <summary>The next topic this session still has to subscribe, oldest request first.</summary>
    public bool TryNextUnsent(out string topic, out int qos)
    {
        lock (_gate)
        {
            foreach (var candidate in _order)
            {
                var wanted = _wanted[candidate];
                if (!_sentThisSession.TryGetValue(candidate, out var sent) || sent != wanted)
                {
                    (topic, qos) = (candidate, wanted);
                    return true;
                }
            }
        }
        (topic, qos) = ("", 0);
        return false;
    }

    public void MarkSent(string topic, int qos)
    {
        lock (_gate)
        {
            _sentThisSession[topic] = qos;
        }
    }

    /// <summary>
    /// Luat's lib drops its pending subscriptions when one is refused and reconnects; here the refused topic alone is
    /// forgotten, so one bad topic cannot make the client reconnect forever.
    /// </summary>
    public void Forget(string topic)
    {
        lock (_gate)
        {
            _wanted.Remove(topic);
            _order.Remove(topic);
            _sentThisSession.Remove(topic);
        }
    }

    /// <summary>The QoS of the subscription that covers <paramref name="topic"/> (exact first, then filters), else 0.</summary>
    public int QosFor(string topic)
    {
        lock (_gate)
        {
            if (_wanted.TryGetValue(topic, out var exact))
            {
                return exact;
            }
            var best = 0;
            foreach (var (filter, qos) in _wanted)
            {
                if (qos > best && TopicFilter.Matches(filter, topic))
                {
                    best = qos;
                }
            }
            return best;
        }
    }
}

/// <summary>MQTT topic filter matching (<c>+</c> one level, <c>#</c> the rest).</summary>
public static class TopicFilter
{
    public static bool Matches(string filter, string topic)
    {
        var f = filter.Split('/');
        var t = topic.Split('/');
        for (var i = 0; i < f.Length; i++)
        {
            if (f[i] == "#")
            {
                return true;
            }
            if (i >= t.Length || (f[i] != "+" && f[i] != t[i]))
            {
                return false;
            }
        }
        return f.Length == t.Length;
    }
}
