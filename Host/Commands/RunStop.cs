using System.Runtime.InteropServices;

namespace LuatHost.Cli.Commands;

/// <summary>
/// How a `run` ends when the host ends it: --for elapsed (exit 0, "stopped: --for 3s elapsed"), Ctrl+C (exit 130) or
/// SIGTERM (exit 143), both "stopped: interrupted". The script is asked to stop cooperatively; if it has not stopped
/// <see cref="Grace"/> later (a C# script in a tight loop, Lua stuck inside one C call), the run is abandoned with the same line.
/// </summary>
internal sealed class RunStop : IDisposable
{
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan? _durationSpan;
    private Timer? _duration;
    private readonly string? _durationText;
    private readonly CancellationTokenRegistration _cancel;
    private readonly CancellationTokenSource _stopping;
    private volatile bool _durationElapsed;
    private volatile bool _sigterm;

    public RunStop(TimeSpan? duration, string? durationText, CancellationToken cancellation)
    {
        _durationText = durationText?.Trim();
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Register();
        _durationSpan = duration;
        _cancel = cancellation.Register(() => _requested.TrySetResult());
    }

    /// <summary>
    /// Takes Ctrl+C and SIGTERM again, so these handlers are the newest: the newest handler is asked first, and the
    /// command-line parser installs its own (which cannot tell SIGTERM from Ctrl+C) once the command has started.
    /// </summary>
    public void Reassert()
    {
        foreach (var registration in _signals) registration.Dispose();
        _signals.Clear();
        Register();
    }

    private void Register()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                _signals.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    if (context.Signal == PosixSignal.SIGTERM && !_durationElapsed) _sigterm = true;
                    // The run ends itself (and cleans up) through Token; the signal's default action would not clean up.
                    // Nothing else is relied on to see the signal: an embedded web host or the command-line parser may not.
                    context.Cancel = true;
                    _requested.TrySetResult();
                    _stopping.Cancel();
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // Windows has no SIGTERM; Ctrl+C still arrives as the token's cancellation.
            }
        }
    }

    /// <summary>
    /// Starts the --for clock: when the script starts, not when the process does, so a slow module start-up does not eat
    /// into the run (the runner's own --for deadline starts there too).
    /// </summary>
    public void StartClock()
    {
        Reassert();
        if (_durationSpan is { } span && _duration is null)
            _duration = new Timer(_ =>
            {
                _durationElapsed = true;
                _requested.TrySetResult();
            }, null, span, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancelled by Ctrl+C, SIGTERM or the caller's token: what the run (module start-up included) stops on.</summary>
    public CancellationToken Token => _stopping.Token;

    /// <summary>Completes <see cref="Grace"/> after the run was asked to stop.</summary>
    public Task GraceOver => _requested.Task.ContinueWith(_ => Task.Delay(Grace), TaskScheduler.Default).Unwrap();

    public bool Requested => _requested.Task.IsCompleted;

    /// <summary>Writes the one stop line and returns the exit code; <paramref name="byDuration"/> = what the run itself saw, if it ended.</summary>
    public int Report(TextWriter errors, bool? byDuration = null)
    {
        var duration = (byDuration ?? _durationElapsed) && !_sigterm;
        errors.WriteLine(duration ? $"stopped: --for {_durationText} elapsed" : "stopped: interrupted");
        return duration ? 0 : _sigterm ? 143 : 130;
    }

    public void Dispose()
    {
        _cancel.Dispose();
        _duration?.Dispose();
        foreach (var registration in _signals) registration.Dispose();
        _stopping.Dispose();
    }
}
