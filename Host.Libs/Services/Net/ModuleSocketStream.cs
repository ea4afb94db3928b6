using System.Threading.Channels;
using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Services.Net;

/// <summary>A module link could not be opened: no free link, refused, unknown host, TLS failure or timeout.</summary>
public sealed class ModuleSocketException(string message) : IOException(message);

/// <summary>
/// One of the module's TCP links (<c>AT+CIPSTART=n,…</c>) as a byte <see cref="Stream"/>: writes become
/// <c>AT+CIPSEND</c>, reads take the <c>+RECEIVE</c> bytes in order, and the peer's <c>n, CLOSED</c> is the end of the
/// stream. The C# <c>socket</c> global and the <c>mqtt</c> client (MQTTnet over this stream) use it.
/// </summary>
public sealed class ModuleSocketStream : Stream
{
    private readonly Sockets _sockets;
    private readonly Channel<byte[]> _incoming = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private ReadOnlyMemory<byte> _current;
    private int _disposed;

    private ModuleSocketStream(Sockets sockets, int id, string host, int port)
    {
        _sockets = sockets;
        LinkId = id;
        Host = host;
        Port = port;
        _sockets.Received += OnReceived;
        _sockets.Closed += OnClosed;
    }

    /// <summary>The module's link id (0..<see cref="Sockets.LinkCount"/>-1).</summary>
    public int LinkId { get; }

    public string Host { get; }

    public int Port { get; }

    /// <summary>False once the peer (or the network) closed the link.</summary>
    public bool IsOpen => !_incoming.Reader.Completion.IsCompleted;

    /// <summary>
    /// Takes a free link and connects it. Throws <see cref="ModuleSocketException"/> with one line naming the host (and
    /// <c>--map</c>) or the link limit.
    /// </summary>
    public static async Task<ModuleSocketStream> OpenAsync(Sockets sockets, SocketKind kind, string host, int port, TimeSpan timeout,
        CancellationToken cancellationToken = default, ReadOnlyMemory<byte> caCertificate = default)
    {
        ArgumentNullException.ThrowIfNull(sockets);
        var id = sockets.Reserve()
            ?? throw new ModuleSocketException($"{host}:{port}: all {Sockets.LinkCount} links of the module are in use; close a socket or an mqtt client first");
        var stream = new ModuleSocketStream(sockets, id, host, port);
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            bool connected;
            try
            {
                connected = await sockets.ConnectAsync(id, kind, host, port, deadline.Token, caCertificate).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ModuleSocketException($"{host}:{port}: the module did not connect within {timeout.TotalSeconds:0} s");
            }
            catch (Exception ex) when (ex is AtException or ArgumentException)
            {
                throw new ModuleSocketException($"{host}:{port}: {ex.Message}");
            }
            if (!connected)
            {
                throw new ModuleSocketException(
                    $"the module could not open {(kind == SocketKind.Tls ? "TLS" : kind.ToString().ToUpperInvariant())} to {host}:{port} (refused, unknown host or TLS failure); " +
                    $"point the name at a local server with --map {host}:{port}=127.0.0.1:{port}");
            }
            return stream;
        }
        catch
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Reader thread: copy and queue, never block (the module paces +RECEIVE by the UART, so the queue stays short).
    private void OnReceived(int id, ReadOnlyMemory<byte> data)
    {
        if (id == LinkId) _incoming.Writer.TryWrite(data.ToArray());
    }

    private void OnClosed(int id)
    {
        if (id == LinkId) _incoming.Writer.TryComplete();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (_current.IsEmpty)
        {
            if (!await _incoming.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }
            if (_incoming.Reader.TryRead(out var next)) _current = next;
        }
        var count = Math.Min(buffer.Length, _current.Length);
        _current[..count].CopyTo(buffer);
        _current = _current[count..];
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!IsOpen || !await _sockets.SendAsync(LinkId, buffer, cancellationToken).ConfigureAwait(false))
        {
            throw new IOException($"{Host}:{Port}: the module's link {LinkId} is closed");
        }
    }

    /// <summary>
    /// Sends one UDP datagram on a link opened as <see cref="SocketKind.Udp"/> (never split: a datagram longer than the
    /// module sends in one is refused with <see cref="AtArgumentException"/>); false when the link is closed.
    /// </summary>
    public Task<bool> SendDatagramAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default) =>
        IsOpen ? _sockets.SendDatagramAsync(LinkId, datagram, cancellationToken) : Task.FromResult(false);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Closes the link (<c>AT+CIPCLOSE</c>) unless the peer already did, and gives its id back.</summary>
    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _sockets.Received -= OnReceived;
        _sockets.Closed -= OnClosed;
        var wasOpen = _incoming.Writer.TryComplete();
        try
        {
            if (wasOpen) await _sockets.CloseAsync(LinkId).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AtException or ObjectDisposedException or OperationCanceledException)
        {
            // The module or the link is gone already; the id is free either way.
        }
        finally
        {
            _sockets.Release(LinkId);
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        // MQTTnet disposes its stream synchronously: close the link in the background rather than block its thread.
        if (disposing && Volatile.Read(ref _disposed) == 0)
        {
            _ = DisposeAsync().AsTask();
        }
        base.Dispose(disposing);
    }
}
