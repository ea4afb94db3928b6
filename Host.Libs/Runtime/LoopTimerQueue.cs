namespace LuatHost.Runtime;

/// <summary>
/// Pending one-shot timers ordered by (due, start order). Not thread-safe: the event loop
/// guards it with its own lock. Stopped timers are removed lazily when they reach the head.
/// </summary>
internal sealed class LoopTimerQueue
{
    private sealed class Entry(long id, long due, Delegate callback, object? state, Action<Delegate, object?> invoke)
    {
        public readonly long Id = id;
        public readonly long Due = due;
        public readonly Delegate Callback = callback;
        public readonly object? State = state;
        public readonly Action<Delegate, object?> Invoke = invoke;
        public bool Stopped;
    }

    // Ids only grow, so (due, id) gives "earlier due first, equal due in start order".
    private readonly PriorityQueue<Entry, (long Due, long Id)> _byDue = new();
    private readonly Dictionary<long, Entry> _active = [];
    private long _lastId;
    private int _stoppedInQueue;

    public int ActiveCount => _active.Count;

    public long Add(long due, Delegate callback, object? state, Action<Delegate, object?> invoke)
    {
        var id = ++_lastId;
        var entry = new Entry(id, due, callback, state, invoke);
        _active.Add(id, entry);
        _byDue.Enqueue(entry, (due, id));
        return id;
    }

    public bool Remove(long id)
    {
        if (!_active.Remove(id, out var entry)) return false;
        entry.Stopped = true;
        // A re-armed watchdog (stop + start every few ms) would otherwise pile up stopped entries
        // until their due time; rebuild once they outnumber the live ones.
        if (++_stoppedInQueue > 64 && _stoppedInQueue > _active.Count) Compact();
        return true;
    }

    private void Compact()
    {
        _byDue.Clear();
        foreach (var live in _active.Values) _byDue.Enqueue(live, (live.Due, live.Id));
        _stoppedInQueue = 0;
    }

    /// <summary>Due timestamp of the earliest live timer, or null when none is pending.</summary>
    public long? PeekDue()
    {
        while (_byDue.TryPeek(out var head, out _))
        {
            if (!head.Stopped) return head.Due;
            _byDue.Dequeue();
            _stoppedInQueue--;
        }
        return null;
    }

    /// <summary>Takes the earliest live timer if it is due at <paramref name="now"/>.</summary>
    public bool TryTakeDue(long now, out LoopTimerFiring firing)
    {
        var due = PeekDue();
        if (due is null || due.Value > now)
        {
            firing = default;
            return false;
        }
        var entry = _byDue.Dequeue();
        _active.Remove(entry.Id);
        firing = new LoopTimerFiring(entry.Callback, entry.State, entry.Invoke);
        return true;
    }
}

internal readonly struct LoopTimerFiring(Delegate callback, object? state, Action<Delegate, object?> invoke)
{
    public void Invoke() => invoke(callback, state);
}
