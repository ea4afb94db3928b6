using LuatHost.Luat.Loop;
using LuatHost.Runtime;

namespace LuatHost.Luat;

/// <summary>
/// Runs a Luat project as the module would: power on (fresh Lua state), run main.lua, and on
/// sys.restart power on again (unless RestartOnRequest is off). The calling thread becomes the Lua
/// thread; <see cref="RunAsync"/> gives it a dedicated one.
/// </summary>
public sealed class LuatProjectRunner(LuatRunOptions options, LuatDevice? device = null)
{
    /// <summary>Restarts in a row before the run is declared broken (a script that restarts at once, forever).</summary>
    public const int MaxRestarts = 50;

    /// <summary><see cref="LuatRunResult.StopDetail"/> when --for elapsed.</summary>
    public const string DurationElapsed = "duration";

    /// <summary><see cref="LuatRunResult.StopDetail"/> when the host cancelled the run (Ctrl+C, SIGTERM).</summary>
    public const string Interrupted = "interrupted";

    public LuatRunResult Run(CancellationToken cancellationToken = default)
    {
        var deadline = options.Duration is { } duration ? DateTime.UtcNow + duration : (DateTime?)null;
        for (var restart = 0; ; restart++)
        {
            var outcome = PowerOn(restart, deadline, cancellationToken);
            if (outcome.End == LuatRunEnd.Restart)
            {
                if (!options.RestartOnRequest)
                {
                    options.Diagnose($"restart requested ({outcome.Detail}); --no-restart given, ending the run");
                    return new LuatRunResult(0, null, restart);
                }
                if (restart + 1 >= MaxRestarts)
                    return Fail($"the script restarted {MaxRestarts} times in a row (last reason: {outcome.Detail})", restart);
                options.Diagnose($"restarting ({outcome.Detail})");
                continue;
            }
            if (outcome.FailedWhileRunning)
            {
                // As on the module: the error and its traceback on the trace, then the module restarts.
                foreach (var line in ScriptErrorReport.Lines(outcome.Error!)) options.Output(line);
                if (!options.RestartOnRequest) return Fail("script error, --no-restart given: " + FirstLine(outcome.Error!), restart);
                if (restart + 1 >= MaxRestarts)
                    return Fail($"the script failed {MaxRestarts} times in a row (last error: {FirstLine(outcome.Error!)})", restart);
                options.Diagnose("restarting after a script error");
                continue;
            }
            if (outcome.End == LuatRunEnd.Exit)
                return new LuatRunResult(int.TryParse(outcome.Detail, out var code) ? code : 1, null, restart);
            if (outcome.End == LuatRunEnd.Stopped) return new LuatRunResult(0, null, restart) { StopDetail = outcome.Detail };
            if (outcome.Succeeded) return new LuatRunResult(0, null, restart);
            return Fail(outcome.Error!, restart);
        }
    }

    public Task<LuatRunResult> RunAsync(CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<LuatRunResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { completion.SetResult(Run(cancellationToken)); }
            catch (Exception ex) { completion.SetException(ex); }
        })
        { IsBackground = true, Name = "luat" };
        thread.Start();
        return completion.Task;
    }

    private LuatRunOutcome PowerOn(int restartCount, DateTime? deadline, CancellationToken cancellationToken)
    {
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, options, device, restartCount);
        // Not loop timers: a script that never yields never lets the loop run; the guard arms the
        // count hook inside the busy Lua code (host/watchdog.lua) from the timer's thread.
        var guard = runtime.Context.Guard;
        using var timer = deadline is { } end
            ? new Timer(_ => guard.Stop(DurationElapsed), null, Max(end - DateTime.UtcNow, TimeSpan.Zero), Timeout.InfiniteTimeSpan)
            : null;
        using var cancel = cancellationToken.Register(() => guard.Stop(Interrupted));
        options.PoweredOn?.Invoke(runtime);
        return options.EntrySource is { } entry ? runtime.RunString(entry, "=" + options.MainFile) : runtime.RunMain();
    }

    private LuatRunResult Fail(string error, int restarts)
    {
        options.Diagnose("error: " + error);
        return new LuatRunResult(1, error, restarts);
    }

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>The end of a whole run: the process exit code, the error that ended it, restarts made.</summary>
public sealed record LuatRunResult(int ExitCode, string? Error, int Restarts)
{
    /// <summary>Why the host stopped the run (<see cref="LuatProjectRunner.DurationElapsed"/>, <see cref="LuatProjectRunner.Interrupted"/>); null otherwise.</summary>
    public string? StopDetail { get; init; }
}
