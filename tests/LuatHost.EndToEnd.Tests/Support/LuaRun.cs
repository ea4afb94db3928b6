using LuatHost.Luat;

namespace LuatHost.EndToEnd.Tests.Support;

/// <summary>
/// One project run on its own Lua thread, its output lines collected. Tests wait for lines (with a timeout that only
/// guards against hangs), then stop the run.
/// </summary>
internal sealed class LuaRun : IAsyncDisposable
{
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    private readonly List<string> _lines = [];
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();

    private LuaRun()
    {
    }

    public Task<LuatRunResult> Completion { get; private set; } = null!;

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

    public static LuaRun Start(LuaProject project, LuatDevice device, TimeSpan? safetyNet = null, Aliyun.Ota.OtaDownloadOptions? ota = null)
    {
        var run = new LuaRun();
        var options = new LuatRunOptions
        {
            ProjectDirectory = project.ProjectDirectory,
            DataDirectory = project.DataDirectory,
            Output = run.OnLine,
            Duration = safetyNet ?? TimeSpan.FromSeconds(90),
            RestartOnRequest = false,
            Ota = ota ?? new(),
        };
        run.Completion = new LuatProjectRunner(options, device).RunAsync(run._stop.Token);
        return run;
    }

    /// <summary>The first line (already printed or still to come) that contains every fragment.</summary>
    public Task<string> WaitForLineAsync(params string[] fragments) => WaitForLineAsync(line => fragments.All(f => line.Contains(f, StringComparison.Ordinal)), string.Join(" … ", fragments));

    public async Task<string> WaitForLineAsync(Func<string, bool> match, string description)
    {
        Task<string> wait;
        lock (_gate)
        {
            var existing = _lines.FirstOrDefault(match);
            if (existing is not null)
            {
                return existing;
            }
            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            wait = done.Task;
        }
        try
        {
            return await wait.WaitAsync(HangGuard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"no output line matched '{description}' within {HangGuard.TotalSeconds} s. Output so far:\n" + string.Join("\n", Lines));
        }
    }

    public int Count(string fragment) => Lines.Count(l => l.Contains(fragment, StringComparison.Ordinal));

    private void OnLine(string line)
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

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await ((Task)Completion).WaitAsync(HangGuard).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
