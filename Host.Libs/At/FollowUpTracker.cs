namespace LuatHost.At;

/// <summary>
/// The follow-ups the engine is listening for, oldest first, plus the "drop repeats" memory for +HTTPACTION.
/// Thread-safe: commands add and cancel waiters, the reader completes them, timers expire them.
/// </summary>
internal sealed class FollowUpTracker
{
    private readonly Lock _gate = new();
    private readonly List<FollowUpWaiter> _waiters = [];
    private readonly Dictionary<string, string> _repeatsToDrop = new(StringComparer.Ordinal);

    public FollowUpWaiter Add(AtFollowUp rule, string commandName)
    {
        var waiter = new FollowUpWaiter(this, rule, commandName);
        lock (_gate)
        {
            _repeatsToDrop.Remove(rule.Name);
            _waiters.Add(waiter);
        }
        return waiter;
    }

    /// <summary>
    /// Offers a line to the waiters. Bare final codes (ERROR) are only taken when no command is pending, so a
    /// follow-up can never steal a command's answer. A link-loss line ends every waiter that lists it. The ended
    /// waiters are detached here and completed by <see cref="FollowUpMatch.Deliver"/>, so the caller decides what
    /// happens first (URC handlers before the waiting callers resume).
    /// </summary>
    public FollowUpMatch TryConsume(string line, bool commandPending)
    {
        var isFinalCode = FinalResultCodes.IsFinal(line);
        lock (_gate)
        {
            foreach (var (name, repeated) in _repeatsToDrop)
            {
                if (repeated == line)
                {
                    return new FollowUpMatch(FollowUpMatchKind.DroppedRepeat, name, line, []);
                }
            }
            if (isFinalCode && commandPending)
            {
                return default;
            }
            // Runs for every line the module sends: no list or closure unless a link-loss line actually arrives.
            List<FollowUpWaiter>? lost = null;
            foreach (var waiter in _waiters)
            {
                if (waiter.Rule.EndsOnLinkLoss(line))
                {
                    (lost ??= []).Add(waiter);
                }
            }
            if (lost is not null)
            {
                _waiters.RemoveAll(lost.Contains);
                return new FollowUpMatch(FollowUpMatchKind.Failed, lost[0].Rule.Name, line, [.. lost]);
            }
            FollowUpWaiter? matched = null;
            FollowUpLineKind kind = default;
            foreach (var waiter in _waiters)
            {
                if (waiter.Rule.Matches(line, out kind))
                {
                    matched = waiter;
                    break;
                }
            }
            if (matched is null)
            {
                return default;
            }
            if (kind == FollowUpLineKind.Intermediate)
            {
                matched.Intermediate.Add(line);
                return new FollowUpMatch(FollowUpMatchKind.Intermediate, matched.Rule.Name, line, []);
            }
            _waiters.Remove(matched);
            if (matched.Rule.SuppressRepeats)
            {
                _repeatsToDrop[matched.Rule.Name] = line;
            }
            return new FollowUpMatch(kind == FollowUpLineKind.Success ? FollowUpMatchKind.Succeeded : FollowUpMatchKind.Failed, matched.Rule.Name, line, [matched]);
        }
    }

    /// <summary>
    /// Stops listening (the command failed or was abandoned, or the caller's wait was cancelled), so a later line is
    /// left for the follow-up it belongs to.
    /// </summary>
    public void Cancel(FollowUpWaiter waiter, CancellationToken cancellationToken = default)
    {
        if (Detach(waiter))
        {
            waiter.Cancel(cancellationToken);
        }
    }

    public void Fail(FollowUpWaiter waiter, Exception error)
    {
        if (Detach(waiter))
        {
            waiter.Fail(error);
        }
    }

    public void FailAll(Func<FollowUpWaiter, Exception> error)
    {
        FollowUpWaiter[] all;
        lock (_gate)
        {
            all = [.. _waiters];
            _waiters.Clear();
        }
        foreach (var waiter in all)
        {
            waiter.Fail(error(waiter));
        }
    }

    /// <summary>"CONNACK after AT+MCONNECT, PUBACK after AT+MPUB" — for timeout messages.</summary>
    public string Describe()
    {
        lock (_gate)
        {
            return string.Join(", ", _waiters.Select(w => $"{w.Rule.Name} after {w.CommandName}"));
        }
    }

    private bool Detach(FollowUpWaiter waiter)
    {
        lock (_gate)
        {
            return _waiters.Remove(waiter);
        }
    }
}

internal enum FollowUpMatchKind
{
    None,
    Succeeded,
    Failed,
    Intermediate,
    DroppedRepeat,
}

/// <summary>What a line did to the waiters; <see cref="Ended"/> are already detached and wait for <see cref="Deliver"/>.</summary>
internal readonly record struct FollowUpMatch(FollowUpMatchKind Kind, string? Name, string Line, FollowUpWaiter[] Ended)
{
    public bool Consumed => Kind != FollowUpMatchKind.None;

    public void Deliver()
    {
        foreach (var waiter in Ended ?? [])
        {
            waiter.Complete(new AtFollowUpResult(waiter.Rule.Name, Kind == FollowUpMatchKind.Succeeded, Line, waiter.Intermediate));
        }
    }
}

/// <summary>One awaited follow-up; its timeout starts when the command's OK arrives (<see cref="Arm"/>).</summary>
internal sealed class FollowUpWaiter(FollowUpTracker owner, AtFollowUp rule, string commandName)
{
    private readonly FollowUpTracker _owner = owner;
    private readonly TaskCompletionSource<AtFollowUpResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Timer? _timer;

    public AtFollowUp Rule { get; } = rule;

    public string CommandName { get; } = commandName;

    public List<string> Intermediate { get; } = [];

    public Task<AtFollowUpResult> Task => _result.Task;

    public void Arm()
    {
        if (_result.Task.IsCompleted)
        {
            return;
        }
        _timer = new Timer(_ => _owner.Fail(this, TimeoutError()), null, Rule.Timeout, System.Threading.Timeout.InfiniteTimeSpan);
        if (_result.Task.IsCompleted)
        {
            _timer.Dispose();
        }
    }

    public void Complete(AtFollowUpResult result)
    {
        _timer?.Dispose();
        _result.TrySetResult(result);
    }

    /// <summary>Cancelled (the command failed or was abandoned, or the wait was); a cancelled task is never reported as unobserved.</summary>
    public void Cancel(CancellationToken cancellationToken = default)
    {
        _timer?.Dispose();
        _result.TrySetCanceled(cancellationToken);
    }

    /// <summary>Waits for the result; cancelling <paramref name="cancellationToken"/> withdraws this waiter from the tracker.</summary>
    public async Task<AtFollowUpResult> WaitAsync(CancellationToken cancellationToken)
    {
        if (!cancellationToken.CanBeCanceled || _result.Task.IsCompleted)
        {
            return await _result.Task.ConfigureAwait(false);
        }
        using (cancellationToken.UnsafeRegister(static (state, token) =>
        {
            var waiter = (FollowUpWaiter)state!;
            waiter._owner.Cancel(waiter, token);
        }, this))
        {
            return await _result.Task.ConfigureAwait(false);
        }
    }

    public void Fail(Exception error)
    {
        _timer?.Dispose();
        if (_result.TrySetException(error))
        {
            // Callers may legitimately never await a follow-up (fire-and-forget QoS0 paths); do not crash the finalizer thread's report.
            _ = _result.Task.Exception;
        }
    }

    private AtTimeoutException TimeoutError()
    {
        var hint = Rule.TimeoutHint ?? "the module accepted the command but never reported the result";
        return new AtTimeoutException($"{Rule.Name} after {CommandName} timed out after {AtException.FormatSeconds(Rule.Timeout)}; {hint}");
    }
}
