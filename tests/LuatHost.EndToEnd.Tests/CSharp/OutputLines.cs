namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>Script output lines as they are printed, and waits for a line that contains given fragments.</summary>
internal sealed class OutputLines
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly List<string> _lines = [];
    private readonly List<(string[] Fragments, TaskCompletionSource<string> Done)> _waiters = [];
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

    /// <summary>The sink given to the script globals (called on the loop thread).</summary>
    public void Add(string line)
    {
        List<TaskCompletionSource<string>> completed = [];
        lock (_gate)
        {
            _lines.Add(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (Matches(line, _waiters[i].Fragments))
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

    /// <summary>The first line (already printed or still to come) that contains every fragment.</summary>
    public async Task<string> WaitForLineAsync(Func<string> errors, params string[] fragments)
    {
        Task<string> wait;
        lock (_gate)
        {
            var existing = _lines.FirstOrDefault(l => Matches(l, fragments));
            if (existing is not null)
            {
                return existing;
            }
            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((fragments, done));
            wait = done.Task;
        }
        try
        {
            return await wait.WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no output line matched '{string.Join(" … ", fragments)}' within {HangGuard.TotalSeconds} s. "
                + $"Output so far:\n{string.Join("\n", Lines)}\nErrors:\n{errors()}");
        }
    }

    private static bool Matches(string line, string[] fragments) => fragments.All(f => line.Contains(f, StringComparison.Ordinal));
}
