namespace LuatHost.Transport;

/// <summary>
/// Two connected in-memory streams: bytes written to one are read from the other, like the two ends of a null-modem cable.
/// <code>
/// var (host, device) = InMemoryDuplex.CreatePair();
/// // give `host` to the AT engine and `device` to the virtual module
/// </code>
/// Disposing one side makes the other side read end of stream and fail on write (like a closed socket).
/// </summary>
public sealed class InMemoryDuplex : Stream
{
    private readonly BytePipe _incoming;
    private readonly BytePipe _outgoing;
    private int _disposed;

    private InMemoryDuplex(BytePipe incoming, BytePipe outgoing)
    {
        _incoming = incoming;
        _outgoing = outgoing;
    }

    /// <summary>Creates two connected streams. By convention the first goes to the host, the second to the device.</summary>
    public static (Stream Host, Stream Device) CreatePair()
    {
        var hostToDevice = new BytePipe();
        var deviceToHost = new BytePipe();
        return (new InMemoryDuplex(deviceToHost, hostToDevice), new InMemoryDuplex(hostToDevice, deviceToHost));
    }

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        _incoming.ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _incoming.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _incoming.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _outgoing.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => _outgoing.Write(buffer);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _outgoing.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _outgoing.Write(buffer.AsSpan(offset, count));
        return Task.CompletedTask;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _outgoing.CompleteWriter();
            _incoming.CompleteReader();
        }
        base.Dispose(disposing);
    }
}
