using System.Diagnostics;

namespace LuatHost.Runtime;

/// <summary>
/// The single thread every script runs on, as on the module: posted work and timers are
/// serialised here, so Lua and C# script code never run concurrently. Any thread may post or
/// start timers; the work itself runs only inside <see cref="Run"/> or <see cref="RunOnce"/>.
/// The only place the loop thread blocks is the wait for the next item.
/// </summary>
public sealed class EventLoop : IDisposable
{
    /// <summary>Luat raises shorter timers to this (sys.wait / sys.timerStart, "ms &lt; 5 → 5").</summary>
    public static readonly TimeSpan MinimumTimerDue = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// The longest timer armed (2^31 − 1 ms, ≈ 24.8 days). Luat's documents give no limit for the module's core timer;
    /// a longer one is refused the way a failed rtos.timer_start is (it returns 0), never left to overflow.
    /// </summary>
    public static readonly TimeSpan MaximumTimerDue = TimeSpan.FromMilliseconds(int.MaxValue);

    /// <summary>
    /// A Luat timer's due time for <paramref name="milliseconds"/>: truncated to whole ms (the core takes an integer),
    /// raised to <see cref="MinimumTimerDue"/>; false when it is not above 0 or longer than <see cref="MaximumTimerDue"/>.
    /// </summary>
    public static bool TryTimerDue(double milliseconds, out TimeSpan due)
    {
        due = default;
        if (!(milliseconds > 0) || milliseconds > MaximumTimerDue.TotalMilliseconds) return false;
        due = TimeSpan.FromMilliseconds(Math.Truncate(milliseconds));
        if (due < MinimumTimerDue) due = MinimumTimerDue;
        return true;
    }

    // A plain monitor (not System.Threading.Lock): the loop needs Monitor.Wait/PulseAll.
    private readonly object _gate = new();
    private readonly Queue<LoopWorkItem> _work = new();
    private readonly LoopTimerQueue _timers = new();
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private readonly LoopSynchronizationContext _syncContext;
    private int _loopThreadId;
    private bool _waiting;
    private bool _stopped;

    public EventLoop()
    {
        _syncContext = new LoopSynchronizationContext(this);
    }

    /// <summary>
    /// Receives exceptions thrown by posted work or timer callbacks. When null (the default) the
    /// exception leaves <see cref="Run"/> / <see cref="RunOnce"/>, so the caller decides the fate of the run.
    /// </summary>
    public Action<Exception>? UnhandledException { get; set; }

    /// <summary>True on the thread currently driving the loop (the last caller of Run/RunOnce).</summary>
    public bool IsOnLoopThread => Volatile.Read(ref _loopThreadId) == Environment.CurrentManagedThreadId;

    public bool IsStopped
    {
        get { lock (_gate) return _stopped; }
    }

    /// <summary>Installed while the loop runs, so `await` in C# scripts resumes on the loop thread.</summary>
    public SynchronizationContext SynchronizationContext => _syncContext;

    /// <summary>Monotonic milliseconds since the loop was created (backs rtos.tick).</summary>
    public long TickMilliseconds => (long)Stopwatch.GetElapsedTime(_startTimestamp).TotalMilliseconds;

    /// <summary>Queues work to run on the loop thread, FIFO. Work posted after <see cref="Stop"/> is dropped.</summary>
    public void Post(Action work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Enqueue(LoopWorkItem.For(work, Stopwatch.GetTimestamp()));
    }

    /// <summary>Like <see cref="Post(Action)"/> without a closure: pass the state explicitly.</summary>
    public void Post<TState>(Action<TState> work, TState state)
    {
        ArgumentNullException.ThrowIfNull(work);
        Enqueue(LoopWorkItem.For(work, state, Stopwatch.GetTimestamp()));
    }

    internal void Post(SendOrPostCallback work, object? state) =>
        Enqueue(LoopWorkItem.For(work, state, Stopwatch.GetTimestamp()));

    /// <summary>Starts a one-shot timer whose callback runs on the loop thread. Returns its id (&gt; 0).</summary>
    public long StartTimer(TimeSpan due, Action callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddTimer(due, callback, null, LoopInvoker.Plain);
    }

    /// <summary>Like <see cref="StartTimer(TimeSpan, Action)"/> without a closure.</summary>
    public long StartTimer<TState>(TimeSpan due, Action<TState> callback, TState state)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return AddTimer(due, callback, state, LoopInvoker.Of<TState>.Instance);
    }

    /// <summary>Stops a pending timer. False when it already fired, was stopped, or never existed.</summary>
    public bool StopTimer(long id)
    {
        lock (_gate) return _timers.Remove(id);
    }

    /// <summary>Runs posted work and timers on the calling thread until <see cref="Stop"/> or <paramref name="ct"/>.</summary>
    public void Run(CancellationToken ct)
    {
        using var wake = ct.CanBeCanceled ? ct.Register(static s => ((EventLoop)s!).Wake(), this) : default;
        using var scope = EnterLoopThread();
        while (!ct.IsCancellationRequested && RunNext(Timeout.InfiniteTimeSpan, ct)) { }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/> = forever) for the
    /// next posted item or due timer and runs it. False on timeout or when the loop is stopped.
    /// Lua's rtos.receive drives the loop with this from inside a script call.
    /// </summary>
    public bool RunOnce(TimeSpan timeout)
    {
        using var scope = EnterLoopThread();
        return RunNext(timeout, CancellationToken.None);
    }

    /// <summary>Ends Run and makes RunOnce return false; pending work and timers are discarded.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            _stopped = true;
            _work.Clear();
            Monitor.PulseAll(_gate);
        }
    }

    public void Dispose() => Stop();

    private void Enqueue(in LoopWorkItem item)
    {
        lock (_gate)
        {
            if (_stopped) return;
            _work.Enqueue(item);
            if (_waiting) Monitor.PulseAll(_gate);
        }
    }

    private long AddTimer(TimeSpan due, Delegate callback, object? state, Action<Delegate, object?> invoke)
    {
        if (due < MinimumTimerDue) due = MinimumTimerDue;
        var dueTimestamp = Stopwatch.GetTimestamp() + ToTimestampTicks(due);
        lock (_gate)
        {
            var id = _timers.Add(dueTimestamp, callback, state, invoke);
            if (_waiting) Monitor.PulseAll(_gate);
            return id;
        }
    }

    private void Wake()
    {
        lock (_gate) Monitor.PulseAll(_gate);
    }

    private bool RunNext(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan
            ? long.MaxValue
            : Stopwatch.GetTimestamp() + ToTimestampTicks(timeout < TimeSpan.Zero ? TimeSpan.Zero : timeout);

        LoopWorkItem work = default;
        LoopTimerFiring timer = default;
        bool isTimer;
        lock (_gate)
        {
            while (true)
            {
                if (_stopped || ct.IsCancellationRequested) return false;
                var now = Stopwatch.GetTimestamp();
                if (TryTakeNext(now, out work, out timer, out isTimer)) break;

                var wakeAt = Math.Min(deadline, _timers.PeekDue() ?? long.MaxValue);
                if (now >= deadline) return false;
                _waiting = true;
                try { Monitor.Wait(_gate, ToWaitMilliseconds(wakeAt - now)); }
                finally { _waiting = false; }
            }
        }

        try
        {
            if (isTimer) timer.Invoke();
            else work.Invoke();
        }
        catch (Exception ex) when (UnhandledException is { } handler)
        {
            handler(ex);
        }
        return true;
    }

    // Posted work and due timers run in the order they became ready: a timer that fell due before
    // an item was posted runs first, so neither a busy poster nor a fast loop timer starves the other.
    private bool TryTakeNext(long now, out LoopWorkItem work, out LoopTimerFiring timer, out bool isTimer)
    {
        var timerDue = _timers.PeekDue();
        var hasWork = _work.TryPeek(out var head);
        if (timerDue is { } due && due <= now && (!hasWork || due <= head.EnqueuedAt))
        {
            _timers.TryTakeDue(now, out timer);
            work = default;
            isTimer = true;
            return true;
        }
        timer = default;
        isTimer = false;
        if (hasWork)
        {
            work = _work.Dequeue();
            return true;
        }
        work = default;
        return false;
    }

    private LoopThreadScope EnterLoopThread()
    {
        var previousContext = SynchronizationContext.Current;
        var previousThread = Interlocked.Exchange(ref _loopThreadId, Environment.CurrentManagedThreadId);
        SynchronizationContext.SetSynchronizationContext(_syncContext);
        return new LoopThreadScope(this, previousContext, previousThread);
    }

    private readonly struct LoopThreadScope(EventLoop loop, SynchronizationContext? previousContext, int previousThread) : IDisposable
    {
        public void Dispose()
        {
            SynchronizationContext.SetSynchronizationContext(previousContext);
            // Nested RunOnce (rtos.receive inside a loop item) keeps the outer owner.
            if (previousThread != 0) Volatile.Write(ref loop._loopThreadId, previousThread);
        }
    }

    private static long ToTimestampTicks(TimeSpan span) =>
        span.Ticks >= long.MaxValue / Stopwatch.Frequency
            ? long.MaxValue / 2
            : span.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond;

    // Rounds up: waking a fraction early would only spin once more, waking late delays a timer.
    private static int ToWaitMilliseconds(long timestampTicks)
    {
        if (timestampTicks >= long.MaxValue / 1000) return Timeout.Infinite;
        var ms = (timestampTicks * 1000 + Stopwatch.Frequency - 1) / Stopwatch.Frequency;
        return ms >= int.MaxValue ? Timeout.Infinite : (int)Math.Max(ms, 1);
    }
}
