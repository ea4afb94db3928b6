namespace LuatHost.Transport;

/// <summary>
/// One direction of an in-memory link: an unbounded byte queue with one writer and one reader.
/// Reads wait for data; once the writer completes, the reader drains what is left and then sees end of stream.
/// Unbounded on purpose: a UART has no back-pressure the host can rely on either, and tests move kilobytes at most.
/// </summary>
internal sealed class BytePipe
{
    private readonly Lock _gate = new();
    private byte[] _buffer = new byte[4096];
    private int _head;
    private int _count;
    private bool _writerCompleted;
    private bool _readerCompleted;
    private TaskCompletionSource? _dataOrEnd;

    public void Write(ReadOnlySpan<byte> data)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_writerCompleted)
            {
                throw new ObjectDisposedException(nameof(InMemoryDuplex), "This side of the in-memory link is closed.");
            }
            if (_readerCompleted)
            {
                throw new IOException("The other side of the in-memory link is closed.");
            }
            EnsureCapacity(_count + data.Length);
            var tail = (_head + _count) % _buffer.Length;
            var firstPart = Math.Min(data.Length, _buffer.Length - tail);
            data[..firstPart].CopyTo(_buffer.AsSpan(tail));
            data[firstPart..].CopyTo(_buffer);
            _count += data.Length;
            wake = _dataOrEnd;
            _dataOrEnd = null;
        }
        wake?.TrySetResult();
    }

    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        if (destination.IsEmpty)
        {
            return 0;
        }
        while (true)
        {
            Task wait;
            lock (_gate)
            {
                if (_count > 0)
                {
                    return TakeLocked(destination.Span);
                }
                if (_writerCompleted || _readerCompleted)
                {
                    return 0;
                }
                _dataOrEnd ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _dataOrEnd.Task;
            }
            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The writer is done: the reader sees end of stream after draining.</summary>
    public void CompleteWriter() => Complete(ref _writerCompleted);

    /// <summary>The reader is gone: later writes fail like a broken pipe.</summary>
    public void CompleteReader() => Complete(ref _readerCompleted);

    private void Complete(ref bool flag)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            flag = true;
            wake = _dataOrEnd;
            _dataOrEnd = null;
        }
        wake?.TrySetResult();
    }

    private int TakeLocked(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _count);
        var firstPart = Math.Min(n, _buffer.Length - _head);
        _buffer.AsSpan(_head, firstPart).CopyTo(destination);
        _buffer.AsSpan(0, n - firstPart).CopyTo(destination[firstPart..]);
        _head = (_head + n) % _buffer.Length;
        _count -= n;
        if (_count == 0)
        {
            _head = 0;
        }
        return n;
    }

    private void EnsureCapacity(int needed)
    {
        if (needed <= _buffer.Length)
        {
            return;
        }
        var bigger = new byte[Math.Max(needed, _buffer.Length * 2)];
        var firstPart = Math.Min(_count, _buffer.Length - _head);
        _buffer.AsSpan(_head, firstPart).CopyTo(bigger);
        _buffer.AsSpan(0, _count - firstPart).CopyTo(bigger.AsSpan(firstPart));
        _buffer = bigger;
        _head = 0;
    }
}
