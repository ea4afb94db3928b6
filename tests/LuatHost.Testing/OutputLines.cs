namespace LuatHost.Testing;

/// <summary>
/// The one line-waiter: output lines as they are printed (from any thread), and waits for the first line — already
/// printed or still to come — that matches, bounded by <see cref="Testing.HangGuard"/>.
/// </summary>
public sealed class OutputLines
{
    /// <summary>Kept for tests that name it here; the limit is <see cref="Testing.HangGuard.Limit"/>.</summary>
    public static readonly TimeSpan HangGuard = Testing.HangGuard.Limit;

    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }

    /// <summary>The sink given to a run (any thread).</summary>
    public void Add(string line)
    {
        List<TaskCompletionSource<string>> completed = [];
        lock (_gate)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    completed.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }
        foreach (var done in completed)
        {
            done.TrySetResult(line);
        }
    }

    /// <summary>The first line that contains every fragment; on a hang the message adds <paramref name="errors"/>.</summary>
    public Task<string> WaitForLineAsync(Func<string>? errors, params string[] fragments) =>
        WaitForLineAsync(l => Contains(l, fragments), string.Join(" … ", fragments), errors);

    /// <summary>The first line <paramref name="match"/> accepts; <paramref name="description"/> names it in a hang report.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, string description, Func<string>? errors = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        Task<string> wait;
        lock (_gate)
        {
            var existing = _lines.FirstOrDefault(match);
            if (existing is not null)
            {
                return Task.FromResult(existing);
            }
            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            wait = done.Task;
        }
        return Testing.HangGuard.WithinAsync(wait, () => $"no output line matched '{description}'. Output so far:\n{string.Join("\n", Lines)}"
            + (errors is null ? "" : $"\nErrors:\n{errors()}"));
    }

    public int Count(string fragment) => Lines.Count(l => l.Contains(fragment, StringComparison.Ordinal));

    private static bool Contains(string line, string[] fragments) => fragments.All(f => line.Contains(f, StringComparison.Ordinal));
}
