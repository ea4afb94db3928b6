namespace LuatHost.Runtime;

/// <summary>
/// Luat's message-timer rule, the one implementation behind sys.timerStart / timerLoopStart / timerStop /
/// timerStopAll / timerIsActive of both faces (the Lua `sys` library and the C# `sys` global). What it keeps
/// from openLuat's script_LuaTask/lib/sys.lua (Luat_4G_RDA_8910):
/// <list type="bullet">
/// <item>ids from 0x20000000 (task timers of sys.wait sit below), counting up to 0x7FFFFFFF (MSG_TIMER_ID_MAX)
/// and then from 0x20000000 again, skipping an id still live;</item>
/// <item>ms below 5 runs as 5 ("the 4G core does not support timers under 5 ms"), and no longer than the core takes
/// (<see cref="EventLoop.TryTimerDue"/>, which owns both bounds);</item>
/// <item>starting a timer for a callback and args that already have one stops that one first;</item>
/// <item>stop / is-active by callback find the timer with that callback and equal args (element by element, as
/// cmpTable does), the lowest id first;</item>
/// <item>a loop timer keeps its id; a one-shot is forgotten before its callback runs (so the callback may start
/// it again), a loop timer is re-armed after its callback unless the callback stopped it.</item>
/// </list>
/// How a timer fires, and what is kept with it, belong to the face (<see cref="IMessageTimerClock"/>).
/// Not thread-safe: used from the script thread only, like the Lua tables it replaces.
/// </summary>
public sealed class MessageTimerBook(IMessageTimerClock clock)
{
    public const long FirstId = 0x20000000;

    /// <summary>MSG_TIMER_ID_MAX: the last id handed out before the count starts again at <see cref="FirstId"/>.</summary>
    public const long LastId = 0x7FFFFFFF;

    private readonly IMessageTimerClock _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    private readonly Dictionary<long, MessageTimer> _byId = [];
    // Callback → the first of its live timers (the rest chained through NextSibling).
    private readonly Dictionary<TimerMatchValue, MessageTimer> _byCallback = [];
    private long _lastId = FirstId - 1;

    /// <summary>Live timers (a one-shot stops counting when its callback starts).</summary>
    public int Count => _byId.Count;

    /// <summary>The period a timer of <paramref name="milliseconds"/> runs with; false when it cannot be a period (≤ 0, NaN, too long).</summary>
    public static bool TryPeriod(double milliseconds, out TimeSpan period) => EventLoop.TryTimerDue(milliseconds, out period);

    /// <summary>
    /// Starts a timer (after stopping the one this callback and args already have) and arms it. Trailing nil args
    /// are dropped. <paramref name="faceState"/> is what the face keeps with it, handed back in
    /// <see cref="IMessageTimerClock.Forgotten"/>.
    /// </summary>
    public MessageTimer Start(TimerMatchValue callback, ReadOnlySpan<TimerMatchValue> args, double milliseconds, bool repeats,
        object? faceState = null)
    {
        if (!TryPeriod(milliseconds, out var period))
            throw new ArgumentOutOfRangeException(nameof(milliseconds), milliseconds, PeriodProblem(milliseconds));
        args = WithoutTrailingNils(args);
        Stop(callback, args);
        var timer = new MessageTimer(NextId(), callback, args.ToArray(), period, repeats, faceState);
        _byId.Add(timer.Id, timer);
        if (callback.EqualsItself) // NaN equals nothing: no later stop could find it by callback
        {
            if (_byCallback.TryGetValue(callback, out var first))
            {
                timer.NextSibling = first;
                first.PreviousSibling = timer;
            }
            _byCallback[callback] = timer;
            timer.Listed = true;
        }
        timer.ClockHandle = _clock.Arm(timer.Id, period);
        return timer;
    }

    /// <summary>One line saying why <paramref name="milliseconds"/> is not a timer period.</summary>
    public static string PeriodProblem(double milliseconds) =>
        $"sys.timerStart needs ms > 0 and at most {EventLoop.MaximumTimerDue.TotalMilliseconds:0} (got {milliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}).";

    public bool TryGet(long id, out MessageTimer timer) => _byId.TryGetValue(id, out timer!);

    public bool Stop(long id)
    {
        if (!_byId.TryGetValue(id, out var timer)) return false;
        Forget(timer);
        return true;
    }

    /// <summary>sys.timerStop(fnc, ...): the lowest-id timer with this callback and equal args.</summary>
    public bool Stop(TimerMatchValue callback, ReadOnlySpan<TimerMatchValue> args)
    {
        if (Find(callback, args) is not { } timer) return false;
        Forget(timer);
        return true;
    }

    /// <summary>sys.timerStopAll(fnc): every timer with this callback, whatever its args.</summary>
    public int StopAll(TimerMatchValue callback)
    {
        var stopped = 0;
        while (_byCallback.TryGetValue(callback, out var first))
        {
            Forget(first);
            stopped++;
        }
        return stopped;
    }

    public bool IsActive(TimerMatchValue callback, ReadOnlySpan<TimerMatchValue> args) => Find(callback, args) is not null;

    /// <summary>The timer's callback is about to run: a one-shot is forgotten now (the callback may start it again).</summary>
    public void BeginFiring(MessageTimer timer)
    {
        timer.Firing = true;
        if (!timer.Repeats) Forget(timer);
    }

    /// <summary>The timer's callback returned: a loop timer is re-armed with its id, unless the callback stopped it.</summary>
    public void EndFiring(MessageTimer timer)
    {
        if (!timer.Firing) return;
        timer.Firing = false;
        if (timer.Repeats && _byId.TryGetValue(timer.Id, out var live) && ReferenceEquals(live, timer))
            timer.ClockHandle = _clock.Arm(timer.Id, timer.Period);
    }

    /// <summary>Where the id counter stands (tests start it near the wrap).</summary>
    internal long LastIssuedId
    {
        get => _lastId;
        set => _lastId = value;
    }

    private long NextId()
    {
        do
        {
            _lastId = _lastId >= LastId ? FirstId : _lastId + 1;
        }
        while (_byId.ContainsKey(_lastId));
        return _lastId;
    }

    private MessageTimer? Find(TimerMatchValue callback, ReadOnlySpan<TimerMatchValue> args)
    {
        if (!_byCallback.TryGetValue(callback, out var timer)) return null;
        args = WithoutTrailingNils(args);
        MessageTimer? found = null;
        for (; timer is not null; timer = timer.NextSibling)
            if ((found is null || timer.Id < found.Id) && args.SequenceEqual(timer.ArgValues)) found = timer;
        return found;
    }

    private void Forget(MessageTimer timer)
    {
        _byId.Remove(timer.Id);
        if (timer.Listed) Unlist(timer);
        _clock.Disarm(timer.Id, timer.ClockHandle);
        _clock.Forgotten(timer);
    }

    private void Unlist(MessageTimer timer)
    {
        if (timer.PreviousSibling is { } previous) previous.NextSibling = timer.NextSibling;
        else if (timer.NextSibling is { } next) _byCallback[timer.Callback] = next;
        else _byCallback.Remove(timer.Callback);
        if (timer.NextSibling is { } following) following.PreviousSibling = timer.PreviousSibling;
        timer.PreviousSibling = timer.NextSibling = null;
        timer.Listed = false;
    }

    // Luat keeps the args as a table and compares `#` elements: trailing nils are not part of it.
    private static ReadOnlySpan<TimerMatchValue> WithoutTrailingNils(ReadOnlySpan<TimerMatchValue> args)
    {
        var length = args.Length;
        while (length > 0 && args[length - 1].IsNil) length--;
        return args[..length];
    }
}
