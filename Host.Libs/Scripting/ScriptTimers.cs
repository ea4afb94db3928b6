using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// Luat's message timers (sys.timerStart / timerLoopStart / timerStop) over the event loop.
/// Kept from lib/sys.lua on purpose: starting a timer first stops any timer with the same
/// callback (re-arming restarts it), and a loop timer keeps its id across firings.
/// Used from the loop thread only, like the Lua table it mirrors.
/// </summary>
internal sealed class ScriptTimers(EventLoop loop)
{
    // lib/sys.lua hands out message-timer ids from 0x20000000 (task-timer ids sit below).
    private const long FirstMessageTimerId = 0x20000000;

    private sealed class Entry(long id, Action callback, TimeSpan period, bool repeat)
    {
        public readonly long Id = id;
        public readonly Action Callback = callback;
        public readonly TimeSpan Period = period;
        public readonly bool Repeat = repeat;
        public long LoopTimerId;
    }

    private readonly Dictionary<long, Entry> _active = [];
    private long _lastId = FirstMessageTimerId - 1;

    public long Start(Action callback, int ms, bool repeat)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (ms <= 0) throw new ArgumentOutOfRangeException(nameof(ms), ms, "sys.timerStart needs ms > 0.");
        StopFirst(callback);
        var entry = new Entry(++_lastId, callback, TimeSpan.FromMilliseconds(ms), repeat);
        _active.Add(entry.Id, entry);
        Arm(entry);
        return entry.Id;
    }

    public bool Stop(long id)
    {
        if (!_active.Remove(id, out var entry)) return false;
        loop.StopTimer(entry.LoopTimerId);
        return true;
    }

    /// <summary>Stops the first timer with this callback, as sys.timerStop(fnc) does.</summary>
    public bool StopFirst(Action callback) => FindFirst(callback) is { } entry && Stop(entry.Id);

    public int StopAll(Action callback)
    {
        var stopped = 0;
        while (StopFirst(callback)) stopped++;
        return stopped;
    }

    public bool IsActive(long id) => _active.ContainsKey(id);

    public bool IsActive(Action callback) => FindFirst(callback) is not null;

    private Entry? FindFirst(Action callback)
    {
        foreach (var entry in _active.Values)
            if (entry.Callback == callback) return entry;
        return null;
    }

    private void Arm(Entry entry) =>
        entry.LoopTimerId = loop.StartTimer(entry.Period, static s => s.Timers.Fire(s.Entry), (Timers: this, Entry: entry));

    // sys.run order: a one-shot timer is forgotten before its callback runs; a loop timer is
    // re-armed after the callback, unless the callback stopped it.
    private void Fire(Entry entry)
    {
        if (!entry.Repeat) _active.Remove(entry.Id);
        entry.Callback();
        if (entry.Repeat && _active.TryGetValue(entry.Id, out var still) && ReferenceEquals(still, entry)) Arm(entry);
    }
}
