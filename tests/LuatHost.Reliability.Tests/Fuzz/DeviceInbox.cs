using System.Text;

namespace LuatHost.Reliability.Tests.Fuzz;

/// <summary>
/// The device end's receive side: a pump copies whatever the engine writes into a buffer, so the peer can wait for
/// "the command line has arrived" or "n payload bytes have arrived" and give up as soon as the command under test has
/// finished anyway (a prompt the engine never saw means no payload will come).
/// </summary>
internal sealed class DeviceInbox : IAsyncDisposable
{
    private readonly Stream _device;
    private readonly Lock _gate = new();
    private readonly List<byte> _received = new(4096);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public DeviceInbox(Stream device)
    {
        _device = device;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>
    /// Waits until <paramref name="commandText"/> followed by CR has arrived and drops everything up to and including
    /// it. Returns false if <paramref name="giveUpWhen"/> finished first.
    /// </summary>
    public async Task<bool> TakeCommandAsync(string commandText, Task giveUpWhen)
    {
        var needle = Encoding.UTF8.GetBytes(commandText + "\r");
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                var at = IndexOf(needle);
                if (at >= 0)
                {
                    _received.RemoveRange(0, at + needle.Length);
                    return true;
                }
                changed = _changed.Task;
            }
            if (await Task.WhenAny(changed, giveUpWhen).ConfigureAwait(false) == giveUpWhen && !changed.IsCompleted)
            {
                return false;
            }
        }
    }

    /// <summary>Waits for <paramref name="count"/> bytes (a prompt payload, after the optional LF) and drops them.</summary>
    public async Task<bool> TakeBytesAsync(int count, Task giveUpWhen)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_received.Count >= count)
                {
                    _received.RemoveRange(0, count);
                    return true;
                }
                changed = _changed.Task;
            }
            if (await Task.WhenAny(changed, giveUpWhen).ConfigureAwait(false) == giveUpWhen && !changed.IsCompleted)
            {
                return false;
            }
        }
    }

    /// <summary>Drops a leading LF: prompt commands end with CR LF (docs/air724-at.md §8).</summary>
    public void SkipLeadingLineFeed()
    {
        lock (_gate)
        {
            if (_received.Count > 0 && _received[0] == (byte)'\n')
            {
                _received.RemoveAt(0);
            }
        }
    }

    private int IndexOf(byte[] needle)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_received);
        return span.IndexOf(needle);
    }

    private async Task PumpAsync()
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await _device.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                TaskCompletionSource wake;
                lock (_gate)
                {
                    _received.AddRange(buffer.AsSpan(0, n));
                    wake = _changed;
                    _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
                wake.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
