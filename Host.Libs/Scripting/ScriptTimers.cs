using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// The C# face of Luat's message timers: a thin adapter over <see cref="MessageTimerBook"/>, which owns the rule
/// (ids, stop-earlier-on-start, lowest id first, one-shot/loop bookkeeping). Here a timer's callback is the
/// <see cref="Action"/> itself, with no args, and it fires from an event-loop timer.
/// Used from the loop thread only.
/// </summary>
internal sealed class ScriptTimers : IMessageTimerClock
{
    private readonly EventLoop _loop;
    private readonly MessageTimerBook _book;

    public ScriptTimers(EventLoop loop)
    {
        _loop = loop;
        _book = new MessageTimerBook(this);
    }

    public long Start(Action callback, int ms, bool repeat)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _book.Start(TimerMatchValue.Object(callback), [], ms, repeat).Id;
    }

    public bool Stop(long id) => _book.Stop(id);

    /// <summary>Stops the lowest-id timer with this callback, as sys.timerStop(fnc) does.</summary>
    public bool StopFirst(Action callback) => _book.Stop(Key(callback), []);

    public int StopAll(Action callback) => _book.StopAll(Key(callback));

    public bool IsActive(long id) => _book.TryGet(id, out _);

    public bool IsActive(Action callback) => _book.IsActive(Key(callback), []);

    long IMessageTimerClock.Arm(long id, TimeSpan period) =>
        _loop.StartTimer(period, static s => s.Timers.Fire(s.Id), (Timers: this, Id: id));

    void IMessageTimerClock.Disarm(long id, long handle) => _loop.StopTimer(handle);

    void IMessageTimerClock.Forgotten(MessageTimer timer)
    {
        // Nothing is kept beside the delegate, which the book's entry held.
    }

    private static TimerMatchValue Key(Action callback) => TimerMatchValue.Object(callback ?? throw new ArgumentNullException(nameof(callback)));

    private void Fire(long id)
    {
        if (!_book.TryGet(id, out var timer)) return;
        _book.BeginFiring(timer);
        ((Action)timer.Callback.AsObject!)();
        _book.EndFiring(timer);
    }
}
