using LuatHost.Luat;

namespace LuatHost.Testing;

/// <summary>
/// One project run on its own Lua thread, its output lines collected. Tests wait for lines (with a timeout that only
/// guards against hangs), then stop the run.
/// </summary>
public sealed class LuaRun : IAsyncDisposable
{
    /// <summary>Kept for tests that name it here; the limit is <see cref="Testing.HangGuard.Limit"/>.</summary>
    public static readonly TimeSpan HangGuard = Testing.HangGuard.Limit;

    private readonly OutputLines _output = new();
    private readonly CancellationTokenSource _stop = new();

    private LuaRun()
    {
    }

    public Task<LuatRunResult> Completion { get; private set; } = null!;

    public IReadOnlyList<string> Lines => _output.Lines;

    public static LuaRun Start(LuaProject project, LuatDevice device, TimeSpan? safetyNet = null, Aliyun.Ota.OtaDownloadOptions? ota = null)
    {
        var run = new LuaRun();
        var options = new LuatRunOptions
        {
            ProjectDirectory = project.ProjectDirectory,
            DataDirectory = project.DataDirectory,
            Output = run._output.Add,
            Duration = safetyNet ?? TimeSpan.FromSeconds(90),
            RestartOnRequest = false,
            Ota = ota ?? new(),
        };
        run.Completion = new LuatProjectRunner(options, device).RunAsync(run._stop.Token);
        return run;
    }

    /// <summary>The first line (already printed or still to come) that contains every fragment.</summary>
    public Task<string> WaitForLineAsync(params string[] fragments) => _output.WaitForLineAsync(null, fragments);

    public Task<string> WaitForLineAsync(Func<string, bool> match, string description) => _output.WaitForLineAsync(match, description);

    public int Count(string fragment) => _output.Count(fragment);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await ((Task)Completion).WaitAsync(HangGuard).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
