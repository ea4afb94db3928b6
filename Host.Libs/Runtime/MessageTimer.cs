namespace LuatHost.Runtime;

/// <summary>One live message timer of a <see cref="MessageTimerBook"/>: what it calls, with what, and how often.</summary>
public sealed class MessageTimer
{
    internal MessageTimer(long id, TimerMatchValue callback, TimerMatchValue[] args, TimeSpan period, bool repeats, object? faceState)
    {
        Id = id;
        Callback = callback;
        ArgValues = args;
        Period = period;
        Repeats = repeats;
        FaceState = faceState;
    }

    public long Id { get; }

    public TimerMatchValue Callback { get; }

    /// <summary>The args, up to the last non-nil one (the length `#` gives Luat's args table).</summary>
    public IReadOnlyList<TimerMatchValue> Args => ArgValues;

    internal TimerMatchValue[] ArgValues { get; }

    public TimeSpan Period { get; }

    /// <summary>sys.timerLoopStart's timer: re-armed with the same id after each run of its callback.</summary>
    public bool Repeats { get; }

    /// <summary>What the face keeps with the timer (the Lua face: registry references of the callback and args).</summary>
    public object? FaceState { get; }

    internal long ClockHandle { get; set; }

    /// <summary>True while the book lists it under its callback (never for a callback that equals nothing, as NaN).</summary>
    internal bool Listed { get; set; }

    // The live timers of one callback, chained (most callbacks have one timer: no list to allocate).
    internal MessageTimer? PreviousSibling { get; set; }

    internal MessageTimer? NextSibling { get; set; }

    /// <summary>Between <see cref="MessageTimerBook.BeginFiring"/> and <see cref="MessageTimerBook.EndFiring"/>.</summary>
    internal bool Firing { get; set; }
}
