using System.CommandLine;
using System.Runtime.InteropServices;

namespace LuatHost.Cli.Commands;

/// <summary>
/// How a `run` ends when the host ends it: --for elapsed (exit 0, "stopped: --for 3s elapsed"), Ctrl+C (exit 130) or
/// SIGTERM (exit 143), both "stopped: interrupted". The script is asked to stop cooperatively; if it has not stopped
/// a grace later (a C# script in a tight loop, Lua stuck inside one C call), the run is abandoned with the same line.
/// </summary>
internal sealed class RunStop : IDisposable
{
    /// <summary>
    /// Lua: the count hook ends busy Lua code within a millisecond, but not a single C call that runs long — a pattern
    /// bomb such as <c>string.find(("a"):rep(40) .. "b", ("a*"):rep(40) .. "c")</c> backtracks inside lstrlib.c for
    /// hours and no hook can fire in it. Such a run is abandoned this long after the request, so --for, Ctrl+C and
    /// SIGTERM end it within 1 s (issue 13). Chosen over a guard on pattern complexity in the string wrappers: any long
    /// C call (gsub on a huge string, table.sort with a slow comparator in C) has the same problem, and a complexity
    /// heuristic would refuse patterns real Luat scripts use. The stop line and exit code are the same either way.
    /// </summary>
    public static readonly TimeSpan LuaGrace = TimeSpan.FromMilliseconds(500);

    /// <summary>C#: scripts are cancelled cooperatively and get 2 s to finish their awaits (issue 13).</summary>
    public static readonly TimeSpan CSharpGrace = TimeSpan.FromSeconds(2);

    private readonly TimeSpan _grace;

    private readonly List<PosixSignalRegistration> _signals = [];
    private readonly TaskCompletionSource _requested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan? _durationSpan;
    private Timer? _duration;
    private readonly string? _durationText;
    private readonly CancellationTokenRegistration _cancel;
    private readonly CancellationTokenSource _stopping;
    private volatile bool _durationElapsed;
    private volatile bool _sigterm;

    public RunStop(TimeSpan? duration, string? durationText, TimeSpan grace, CancellationToken cancellation)
    {
        _grace = grace;
        _durationText = durationText?.Trim();
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        Register();
        _durationSpan = duration;
        _cancel = cancellation.Register(() => _requested.TrySetResult());
    }

    /// <summary>
    /// How the parser invokes a command. `run` takes SIGINT and SIGTERM itself: .NET asks the newest signal handler first
    /// and stops at the first that cancels, and System.CommandLine registers its own handler right after the command's
    /// first await (the module start-up), so during start-up its handler answered and the run could only report 130.
    /// Without it, this class's handlers see every signal from the moment `run` starts; before that, .NET's default
    /// for SIGTERM exits 143 by itself.
    /// </summary>
    public static InvocationConfiguration? InvocationFor(ParseResult parsed) =>
        parsed.CommandResult.Command.Name == "run" ? new InvocationConfiguration { ProcessTerminationTimeout = null } : null;

    /// <summary>
    /// Takes Ctrl+C and SIGTERM again, so these handlers are the newest (the newest handler is asked first) even if a
    /// library registered one meanwhile. The new ones are in place before the old ones go, so no signal falls between.
    /// </summary>
    public void Reassert()
    {
        var old = _signals.ToArray();
        _signals.Clear();
        Register();
        foreach (var registration in old) registration.Dispose();
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

    /// <summary>Completes the grace after the run was asked to stop.</summary>
    public Task GraceOver => _requested.Task.ContinueWith(_ => Task.Delay(_grace), TaskScheduler.Default).Unwrap();

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
