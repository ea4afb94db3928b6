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
    /// follow-up can never steal a command's answer.
    /// </summary>
    public FollowUpMatch TryConsume(string line, bool commandPending)
    {
        var isFinalCode = FinalResultCodes.IsFinal(line);
        FollowUpWaiter? matched = null;
        FollowUpLineKind kind = default;
        lock (_gate)
        {
            foreach (var (name, repeated) in _repeatsToDrop)
            {
                if (repeated == line)
                {
                    return new FollowUpMatch(FollowUpMatchKind.DroppedRepeat, name);
                }
            }
            if (isFinalCode && commandPending)
            {
                return default;
            }
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
                return new FollowUpMatch(FollowUpMatchKind.Intermediate, matched.Rule.Name);
            }
            _waiters.Remove(matched);
            if (matched.Rule.SuppressRepeats)
            {
                _repeatsToDrop[matched.Rule.Name] = line;
            }
        }
        matched.Complete(new AtFollowUpResult(matched.Rule.Name, kind == FollowUpLineKind.Success, line, matched.Intermediate));
        return new FollowUpMatch(kind == FollowUpLineKind.Success ? FollowUpMatchKind.Succeeded : FollowUpMatchKind.Failed, matched.Rule.Name);
    }

    public void Cancel(FollowUpWaiter waiter)
    {
        if (Detach(waiter))
        {
            waiter.Cancel();
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

internal readonly record struct FollowUpMatch(FollowUpMatchKind Kind, string? Name)
{
    public bool Consumed => Kind != FollowUpMatchKind.None;
}

/// <summary>One awaited follow-up; its timeout starts when the command's OK arrives (<see cref="Arm"/>).</summary>
internal sealed class FollowUpWaiter(FollowUpTracker owner, AtFollowUp rule, string commandName)
{
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
        _timer = new Timer(_ => owner.Fail(this, TimeoutError()), null, Rule.Timeout, System.Threading.Timeout.InfiniteTimeSpan);
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

    /// <summary>Cancelled (the command failed or was abandoned); a cancelled task is never reported as unobserved.</summary>
    public void Cancel()
    {
        _timer?.Dispose();
        _result.TrySetCanceled();
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
