using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// The `sys` global for C# scripts: Luat's lib/sys.lua with async forms in place of coroutines.
/// `sys.taskInit(fn)` becomes an async method; `sys.wait`/`sys.waitUntil` become awaits that resume
/// on the loop thread.
/// </summary>
public sealed class ScriptSys
{
    private readonly EventLoop _loop;
    private readonly LuatMessageBus _bus;
    private readonly ScriptTimers _timers;
    private readonly TaskCompletionSource<int> _exit = new();
    // Never completed: like sys.run, awaiting RunAsync does not return; the run ends around it.
    private readonly TaskCompletionSource _runForever = new();

    public ScriptSys(EventLoop loop, LuatMessageBus bus)
    {
        _loop = loop ?? throw new ArgumentNullException(nameof(loop));
        _bus = bus ?? throw new ArgumentNullException(nameof(bus));
        _timers = new ScriptTimers(loop);
    }

    /// <summary>Queues a message; subscribers run later on the loop (sys.publish is never synchronous).</summary>
    public void Publish(string id, params object?[] args) => _bus.Publish(id, args);

    public void Subscribe(string id, Action<object?[]> callback) => _bus.Subscribe(id, callback);

    public bool Unsubscribe(string id, Action<object?[]> callback) => _bus.Unsubscribe(id, callback);

    /// <summary>sys.wait: resumes on the loop after <paramref name="ms"/> (below 5 ms counts as 5 ms).</summary>
    public Task WaitAsync(int ms)
    {
        if (ms <= 0) throw new ArgumentOutOfRangeException(nameof(ms), ms, "sys.wait needs ms > 0.");
        return _loop.DelayAsync(TimeSpan.FromMilliseconds(ms));
    }

    /// <summary>sys.waitUntil: the message's args, or Received = false after <paramref name="ms"/> (null = forever).</summary>
    public Task<LuatWaitResult> WaitUntilAsync(string id, int? ms = null) => _bus.WaitUntilAsync(id, ms);

    /// <summary>sys.timerStart: one-shot; restarts an existing timer with the same callback. Returns the timer id.</summary>
    public long TimerStart(Action callback, int ms) => _timers.Start(callback, ms, repeat: false);

    /// <summary>sys.timerLoopStart: fires every <paramref name="ms"/> until stopped; the id stays the same.</summary>
    public long TimerLoopStart(Action callback, int ms) => _timers.Start(callback, ms, repeat: true);

    public bool TimerStop(long id) => _timers.Stop(id);

    public bool TimerStop(Action callback) => _timers.StopFirst(callback);

    public int TimerStopAll(Action callback) => _timers.StopAll(callback);

    public bool TimerIsActive(long id) => _timers.IsActive(id);

    public bool TimerIsActive(Action callback) => _timers.IsActive(callback);

    /// <summary>rtos.tick's clock: milliseconds since the loop started.</summary>
    public long TickMilliseconds => _loop.TickMilliseconds;

    /// <summary>
    /// sys.run for C# scripts: keeps the script (and its subscribers and timers) alive until
    /// <see cref="Exit"/> is called. Without it the run ends when the script body completes.
    /// </summary>
    public Task RunAsync() => _runForever.Task;

    /// <summary>Ends the run with <paramref name="code"/> as the process exit code.</summary>
    public void Exit(int code = 0) => _exit.TrySetResult(code);

    internal Task<int> ExitRequested => _exit.Task;
}
