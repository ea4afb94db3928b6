using System.Globalization;
using LuatHost.Aliyun.Ota;
using Spectre.Console;

namespace LuatHost.Cli.Logging;

/// <summary>
/// The console's view of aLiYunOta downloads (on stderr, beside the host lines): a Spectre.Console progress bar once a
/// download has run for a second (short ones stay quiet), or, when stderr is redirected, a plain line every 10 %.
/// </summary>
internal sealed class OtaProgressDisplay : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);
    private readonly IAnsiConsole _console;
    private readonly bool _interactive;
    private readonly Lock _gate = new();
    private int _lastDecile = -1;
    private TaskCompletionSource<OtaDownloadProgress>? _finished;
    private OtaDownloadProgress? _latest;

    private OtaProgressDisplay()
    {
        _interactive = !Console.IsErrorRedirected;
        _console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        OtaDownloadFeed.Changed += OnChanged;
    }

    public static OtaProgressDisplay Attach() => new();

    private void OnChanged(OtaDownloadProgress progress)
    {
        if (progress.Elapsed < Quiet && !progress.Finished)
        {
            return;
        }
        if (!_interactive)
        {
            var decile = progress.Finished ? 10 : (int)(progress.Percent / 10);
            lock (_gate)
            {
                if (decile == _lastDecile) return;
                _lastDecile = progress.Finished ? -1 : decile;
            }
            if (progress.Finished && !progress.Succeeded) return; // the failure has its own warning line
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"ota: {progress.Version} {progress.Percent:0} % ({progress.Received / 1024} of {progress.Size / 1024} KB, {Rate(progress)})"));
            return;
        }
        lock (_gate)
        {
            _latest = progress;
            if (_finished is null && !progress.Finished)
            {
                _finished = new TaskCompletionSource<OtaDownloadProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
                _ = Task.Run(() => ShowAsync(_finished.Task));
            }
            if (progress.Finished && _finished is { } done)
            {
                _finished = null;
                done.TrySetResult(progress);
            }
        }
    }

    private async Task ShowAsync(Task<OtaDownloadProgress> finished)
    {
        await _console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask($"ota {Markup.Escape(_latest?.Version ?? "")}", maxValue: _latest?.Size ?? 1);
                while (!finished.IsCompleted)
                {
                    if (_latest is { } now) task.Value = now.Received;
                    await Task.WhenAny(finished, Task.Delay(200)).ConfigureAwait(false);
                }
                task.Value = finished.Result.Received;
                task.StopTask();
            }).ConfigureAwait(false);
    }

    private static string Rate(OtaDownloadProgress progress) =>
        progress.Elapsed.TotalSeconds <= 0 ? "—" : string.Create(CultureInfo.InvariantCulture, $"{progress.Received / 1024.0 / progress.Elapsed.TotalSeconds:0.0} KB/s");

    public void Dispose() => OtaDownloadFeed.Changed -= OnChanged;
}
