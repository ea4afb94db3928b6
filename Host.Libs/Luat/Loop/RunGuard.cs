using System.Diagnostics;

namespace LuatHost.Luat.Loop;

/// <summary>
/// What bounds a run while Lua runs without yielding. Lua runs with no hook (a hook would slow every
/// instruction); a stop request from any thread (--for, Ctrl+C, SIGTERM) or the memory budget arms the
/// count hook of host/watchdog.lua on every Lua thread (<see cref="LuaHookArming"/>), and the hook asks
/// <see cref="Over"/> whether to raise the ending. A script that has not come back to rtos.receive for
/// <see cref="LuatRunOptions.NoYieldWarning"/> gets one warning, like the module's watchdog: a timer
/// thread watches that from outside.
/// </summary>
public sealed class RunGuard : IDisposable
{
    /// <summary>VM instructions between two checks of a coroutine's hook as host/watchdog.lua registers it (the hook stays off until armed).</summary>
    public const int HookEvery = 10_000;

    private readonly LuatContext _context;
    private readonly LuaMemoryBudget? _memory;
    private readonly Timer? _watchdog;
    private string? _stopDetail;
    // When Lua last left rtos.receive (or started); 0 while it waits there.
    private long _busySince = Stopwatch.GetTimestamp();
    private long _warnedFor;

    internal RunGuard(LuatContext context, LuaMemoryBudget? memory)
    {
        _context = context;
        _memory = memory;
        if (memory is not null) memory.LimitReached = Hooks.Arm;
        var warnAfter = context.Options.NoYieldWarning;
        if (warnAfter > TimeSpan.Zero)
        {
            var period = TimeSpan.FromTicks(Math.Clamp(warnAfter.Ticks / 4, TimeSpan.TicksPerMillisecond * 25, TimeSpan.TicksPerMillisecond * 500));
            _watchdog = new Timer(_ => WarnIfNotYielding(warnAfter), null, period, period);
        }
    }

    internal LuaHookArming Hooks { get; } = new();

    /// <summary>From any thread: end the run as soon as Lua next checks (within a millisecond of busy Lua).</summary>
    public void Stop(string detail)
    {
        Interlocked.CompareExchange(ref _stopDetail, detail, null);
        Hooks.Arm();
        // Wakes an idle loop too, so a waiting script ends at once.
        _context.Loop.Post(() => _context.Messages.RequestEnd(LuatRunEnd.Stopped, Volatile.Read(ref _stopDetail)));
    }

    /// <summary>rtos.receive is waiting: the script yielded.</summary>
    internal void Waiting() => Volatile.Write(ref _busySince, 0);

    /// <summary>rtos.receive returns to Lua: the script runs again.</summary>
    internal void Running() => Volatile.Write(ref _busySince, Stopwatch.GetTimestamp());

    /// <summary>Lua thread, from the armed hook or the loop: is the run over?</summary>
    public bool Over()
    {
        var pump = _context.Messages;
        if (pump.Ending is not null) return true;
        if (Volatile.Read(ref _stopDetail) is { } detail)
        {
            pump.RequestEnd(LuatRunEnd.Stopped, detail);
            return true;
        }
        if (_memory is { LimitHit: true })
        {
            pump.RequestEnd(LuatRunEnd.OutOfMemory, _memory.Describe());
            return true;
        }
        return false;
    }

    // Timer thread: one warning per stretch of Lua that has not come back to rtos.receive.
    private void WarnIfNotYielding(TimeSpan warnAfter)
    {
        var since = Volatile.Read(ref _busySince);
        if (since == 0 || since == _warnedFor || Stopwatch.GetElapsedTime(since) <= warnAfter) return;
        _warnedFor = since;
        _context.Options.Diagnose(
            $"warning: the script has not yielded for {warnAfter.TotalSeconds:0.#} s (a loop without sys.wait?); " +
            "on the module the watchdog would reset it");
    }

    /// <summary>Before the Lua state closes: no more warnings, and nothing touches its threads.</summary>
    public void Dispose()
    {
        _watchdog?.Dispose();
        Hooks.Close();
    }
}
