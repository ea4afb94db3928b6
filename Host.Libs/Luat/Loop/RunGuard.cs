using System.Diagnostics;

namespace LuatHost.Luat.Loop;

/// <summary>
/// What bounds a run while Lua runs without yielding: the count hook of host/watchdog.lua asks
/// <see cref="Over"/> every few thousand instructions. A stop request from any thread (--for, Ctrl+C,
/// SIGTERM), the memory budget, or an ending already requested makes it true; a script that has
/// not come back to rtos.receive for <see cref="LuatRunOptions.NoYieldWarning"/> gets one warning,
/// like the module's watchdog.
/// </summary>
public sealed class RunGuard
{
    /// <summary>VM instructions between two checks (≈ 0.1 ms of busy Lua; the hook costs ≈ 10 % of pure-Lua speed).</summary>
    public const int HookEvery = 10_000;

    private readonly LuatContext _context;
    private readonly LuaMemoryBudget? _memory;
    private string? _stopDetail;
    private long _lastYield = Stopwatch.GetTimestamp();
    private bool _warned;

    internal RunGuard(LuatContext context, LuaMemoryBudget? memory)
    {
        _context = context;
        _memory = memory;
    }

    /// <summary>From any thread: end the run as soon as Lua next checks (within a millisecond of busy Lua).</summary>
    public void Stop(string detail)
    {
        Interlocked.CompareExchange(ref _stopDetail, detail, null);
        // Wakes an idle loop too, so a waiting script ends at once.
        _context.Loop.Post(() => _context.Messages.RequestEnd(LuatRunEnd.Stopped, Volatile.Read(ref _stopDetail)));
    }

    /// <summary>rtos.receive was reached: the script yielded.</summary>
    internal void Yielded()
    {
        _lastYield = Stopwatch.GetTimestamp();
        _warned = false;
    }

    /// <summary>Lua thread, from the count hook: is the run over?</summary>
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
        var warnAfter = _context.Options.NoYieldWarning;
        if (!_warned && warnAfter > TimeSpan.Zero && Stopwatch.GetElapsedTime(_lastYield) > warnAfter)
        {
            _warned = true;
            _context.Options.Diagnose(
                $"warning: the script has not yielded for {warnAfter.TotalSeconds:0.#} s (a loop without sys.wait?); " +
                "on the module the watchdog would reset it");
        }
        return false;
    }
}
