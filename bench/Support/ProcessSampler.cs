using System.Diagnostics;

namespace LuatHost.Bench.Support;

/// <summary>
/// CPU and memory of this process over a measured window: CPU % is processor time ÷ wall time (100 % = one core
/// busy, as `top` shows it); peak RSS is the largest working set sampled every 50 ms inside the window.
/// </summary>
public sealed class ProcessSampler : IAsyncDisposable
{
    private readonly Process _self = Process.GetCurrentProcess();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _cpuAtStart;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peakRss;

    public ProcessSampler()
    {
        _self.Refresh();
        _cpuAtStart = _self.TotalProcessorTime;
        _sampling = Task.Run(SampleAsync);
    }

    public double CpuPercent { get; private set; }

    public long PeakRssBytes => Interlocked.Read(ref _peakRss);

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            _self.Refresh();
            var rss = _self.WorkingSet64;
            if (rss > Interlocked.Read(ref _peakRss))
            {
                Interlocked.Exchange(ref _peakRss, rss);
            }
            try
            {
                await Task.Delay(50, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Ends the window and fixes <see cref="CpuPercent"/>.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _self.Refresh();
        CpuPercent = (_self.TotalProcessorTime - _cpuAtStart).TotalSeconds / _clock.Elapsed.TotalSeconds * 100;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync().ConfigureAwait(false);
        }
        _stop.Dispose();
        _self.Dispose();
    }
}
