using System.Text;

namespace LuatHost.Net.Tests.Support;

/// <summary>
/// The host's end of the module link, reading as a UART driver may: when a read ends with the given line, what the
/// module sends next (within <see cref="Wait"/>) comes back in the same read. The AT reader then meets the final
/// result and the URCs after it in one buffer and dispatches them back to back, the case where a command's
/// completion, which continues on another thread, can fall behind the URCs that followed it on the wire.
/// </summary>
internal sealed class BurstAfterLine(Stream inner, string line) : Stream
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(300);
    private readonly byte[] _line = Encoding.ASCII.GetBytes(line);
    private readonly byte[] _more = new byte[4096];

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var count = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (count == 0 || !buffer.Span[..count].EndsWith(_line)) return count;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Wait);
        try
        {
            // Gather what follows for a moment; the module writes each URC on its own.
            while (count < buffer.Length)
            {
                var more = await inner.ReadAsync(_more.AsMemory(0, Math.Min(_more.Length, buffer.Length - count)), timeout.Token).ConfigureAwait(false);
                if (more == 0) break;
                _more.AsSpan(0, more).CopyTo(buffer.Span[count..]);
                count += more;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override void Flush() => inner.Flush();

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
