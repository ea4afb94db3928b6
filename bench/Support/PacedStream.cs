using System.Diagnostics;

namespace LuatHost.Bench.Support;

/// <summary>
/// Paces what the host writes to a byte rate, as a UART transmitter at a given baud would (bytes/s ≈ baud / 10 for
/// 8N1). The virtual module paces its own output (<c>ModuleFaults.BytesPerSecond</c>); this paces the other direction so
/// a benchmark sees a full-duplex serial line. A virtual clock (when the line is next free) keeps the average exact;
/// the last millisecond is waited out by spinning because timers are ~1 ms coarse.
/// </summary>
public sealed class PacedStream(Stream inner, int bytesPerSecond) : Stream
{
    private readonly long _ticksPerByte = Stopwatch.Frequency / Math.Max(1, bytesPerSecond);
    private long _lineFreeAt;

    public override bool CanRead => inner.CanRead;
    public override bool CanWrite => inner.CanWrite;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var now = Stopwatch.GetTimestamp();
        _lineFreeAt = Math.Max(now, _lineFreeAt) + _ticksPerByte * buffer.Length;
        // The far end sees the last byte (the command's CR) only when the line has clocked it out.
        await WaitUntilAsync(_lineFreeAt).ConfigureAwait(false);
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private static async Task WaitUntilAsync(long deadline)
    {
        var remaining = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
        if (remaining > TimeSpan.FromMilliseconds(2))
        {
            await Task.Delay(remaining - TimeSpan.FromMilliseconds(1.5)).ConfigureAwait(false);
        }
        while (Stopwatch.GetTimestamp() < deadline)
        {
            Thread.SpinWait(50);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => inner.DisposeAsync();
}
