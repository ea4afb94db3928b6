using System.Threading.Channels;
using LuatHost.Runtime;

namespace LuatHost.Luat.Device;

/// <summary>
/// One of the module's UARTs carried to a port of the PC (`luathost run --uart 1=/dev/ttyUSB1`, or tcp://host:port):
/// what the MCU or sensor on that port sends waits here until the script reads it with uart.read, and uart.write goes
/// out on it. As the core does — Luat's demo/uart: the script is told of new data only when the receive buffer was
/// empty, so it reads until nothing is left — <see cref="Attach"/>'s callback runs when the buffer goes from empty to
/// non-empty. The port outlives a script restart (the wiring does); the buffer does not.
/// Any thread may call in; the callbacks run on the reader's and the writer's threads.
/// </summary>
public sealed class UartPort : IAsyncDisposable
{
    private const int MaxBuffered = 1024 * 1024; // an MCU that floods a script that never reads loses the oldest bytes
    private const int MaxWaitingToSend = 1024 * 1024; // a script that writes faster than the port sends is told so

    private readonly Stream _stream;
    private readonly Lock _gate = new();
    private readonly List<byte> _buffer = [];
    private readonly Channel<(byte[] Bytes, Action? Sent)> _writes = Channel.CreateUnbounded<(byte[], Action?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private readonly Task _writer;
    private Action? _dataArrived;
    private long _waitingToSend;

    public UartPort(string name, Stream stream)
    {
        Name = name;
        _stream = stream;
        _reader = Task.Run(ReadLoopAsync);
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>The PC port, as given (for messages).</summary>
    public string Name { get; }

    /// <summary>Bytes received and not yet read (the UART's receive buffer).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate) return _buffer.Count;
        }
    }

    /// <summary>Set when the PC port failed or closed: what happened, for the script's log.</summary>
    public string? Failure { get; private set; }

    /// <summary>
    /// The script's uart.setup: from now on <paramref name="dataArrived"/> runs each time the buffer goes from empty to
    /// non-empty. Bytes that came before are dropped, as a UART not yet set up receives nothing. Dispose the result to
    /// stop (uart.close, a restart).
    /// </summary>
    public IDisposable Attach(Action dataArrived)
    {
        lock (_gate)
        {
            _buffer.Clear();
            _dataArrived = dataArrived;
        }
        return new DisposeAction(() =>
        {
            lock (_gate)
            {
                if (_dataArrived == dataArrived) _dataArrived = null;
            }
        });
    }

    /// <summary>
    /// uart.read: <paramref name="count"/> bytes at most, or with <paramref name="line"/> up to and including the first
    /// "\n" (all that waits when no line is complete: Luat's NO_TIMEOUT read does not wait for the rest).
    /// </summary>
    public byte[] Take(int count, bool line)
    {
        lock (_gate)
        {
            var take = Math.Min(count, _buffer.Count);
            if (line)
            {
                var newline = _buffer.IndexOf((byte)'\n');
                if (newline >= 0) take = Math.Min(take, newline + 1);
            }
            var bytes = _buffer.GetRange(0, take).ToArray();
            _buffer.RemoveRange(0, take);
            return bytes;
        }
    }

    /// <summary>
    /// uart.write: queued in order; <paramref name="sent"/> runs once the bytes are out (MSG_UART_TX_DONE). False, and
    /// nothing queued, while a megabyte already waits to go out: the queue lives outside the script's memory ceiling.
    /// </summary>
    public bool Write(byte[] bytes, Action? sent)
    {
        if (Interlocked.Add(ref _waitingToSend, bytes.Length) > MaxWaitingToSend && bytes.Length > 0)
        {
            Interlocked.Add(ref _waitingToSend, -bytes.Length);
            return false;
        }
        return _writes.Writer.TryWrite((bytes, sent));
    }

    private async Task ReadLoopAsync()
    {
        var chunk = new byte[4096];
        try
        {
            while (true)
            {
                var read = await _stream.ReadAsync(chunk, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    Failure = $"{Name} closed";
                    return;
                }
                Action? notify;
                lock (_gate)
                {
                    var wasEmpty = _buffer.Count == 0;
                    _buffer.AddRange(chunk.AsSpan(0, read));
                    if (_buffer.Count > MaxBuffered) _buffer.RemoveRange(0, _buffer.Count - MaxBuffered);
                    notify = wasEmpty ? _dataArrived : null;
                }
                notify?.Invoke();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Failure = $"{Name}: {ex.Message}";
        }
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var (bytes, sent) in _writes.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
            {
                await _stream.WriteAsync(bytes, _stop.Token).ConfigureAwait(false);
                await _stream.FlushAsync(_stop.Token).ConfigureAwait(false);
                Interlocked.Add(ref _waitingToSend, -bytes.Length);
                sent?.Invoke();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            Failure = $"{Name}: {ex.Message}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        _writes.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        await Task.WhenAll(_reader, _writer).ConfigureAwait(false);
        _stop.Dispose();
    }
}
