using System.Text;
using LuatHost.Modem;
using LuatHost.Services.Net;

namespace LuatHost.Scripting;

/// <summary>
/// The `socket` global: Luat's socket.tcp for C# scripts, over the same module links (AT+CIPSTART=n,… through
/// <see cref="ModuleSocketStream"/>) as the Lua library.
/// <code>
/// await using var c = await socket.TcpAsync("echo.example.com", 7000);
/// await c.SendAsync("hello\r\n");
/// var answer = await c.RecvAsync(5000);          // answer.Ok, answer.Text; or Error "timeout" / "CLOSED"
/// await using var u = await socket.UdpAsync("ntp.example.com", 123);   // one SendAsync = one datagram
/// </code>
/// A link that cannot be opened throws <see cref="ModuleSocketException"/> with one line naming the host and --map.
/// </summary>
public sealed class ScriptSocket
{
    private readonly ScriptDevice? _device;

    internal ScriptSocket(ScriptDevice? device) => _device = device;

    /// <summary>A TCP (or, with <paramref name="ssl"/>, TLS) client connected within <paramref name="timeoutSeconds"/> (Luat's 120).</summary>
    public async Task<ScriptSocketClient> TcpAsync(string host, int port, bool ssl = false, int timeoutSeconds = 120, CancellationToken cancellationToken = default)
    {
        var sockets = _device?.Modem.Sockets
            ?? throw new InvalidOperationException("socket.TcpAsync: no module attached (run the script with `luathost run`, which attaches the virtual module or --port)");
        var stream = await ModuleSocketStream.OpenAsync(sockets, ssl ? SocketKind.Tls : SocketKind.Tcp, host, port,
            TimeSpan.FromSeconds(timeoutSeconds), cancellationToken).ConfigureAwait(true);
        return new ScriptSocketClient(stream, datagrams: false);
    }

    /// <summary>
    /// A UDP "connection" (Luat's socket.udp): each <see cref="ScriptSocketClient.SendAsync(ReadOnlyMemory{byte}, CancellationToken)"/>
    /// is one datagram (at most <see cref="Sockets.SendChunkBytes"/> bytes; longer throws <see cref="AtArgumentException"/>),
    /// each received chunk one datagram.
    /// </summary>
    public async Task<ScriptSocketClient> UdpAsync(string host, int port, int timeoutSeconds = 120, CancellationToken cancellationToken = default)
    {
        var sockets = _device?.Modem.Sockets
            ?? throw new InvalidOperationException("socket.UdpAsync: no module attached (run the script with `luathost run`, which attaches the virtual module or --port)");
        var stream = await ModuleSocketStream.OpenAsync(sockets, SocketKind.Udp, host, port,
            TimeSpan.FromSeconds(timeoutSeconds), cancellationToken).ConfigureAwait(true);
        return new ScriptSocketClient(stream, datagrams: true);
    }
}

/// <summary>What <see cref="ScriptSocketClient.RecvAsync"/> got: Luat's <c>true, data</c> or <c>false, "timeout" | "CLOSED"</c>.</summary>
public sealed record ScriptSocketReceive(bool Ok, byte[] Data, string? Error)
{
    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>One connected module link; dispose (or CloseAsync) gives the link back.</summary>
public sealed class ScriptSocketClient : IAsyncDisposable
{
    private readonly ModuleSocketStream _stream;
    private readonly bool _datagrams;
    private readonly byte[] _buffer = new byte[16 * 1024];

    internal ScriptSocketClient(ModuleSocketStream stream, bool datagrams)
    {
        _stream = stream;
        _datagrams = datagrams;
    }

    /// <summary>The module's link id (Luat's connect returns it too).</summary>
    public int Id => _stream.LinkId;

    /// <summary>Sends all of <paramref name="data"/> (on a UDP client: as one datagram); false when the link is closed.</summary>
    public async Task<bool> SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        if (_datagrams)
        {
            return await _stream.SendDatagramAsync(data, cancellationToken).ConfigureAwait(true);
        }
        try
        {
            await _stream.WriteAsync(data, cancellationToken).ConfigureAwait(true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Sends UTF-8 text.</summary>
    public Task<bool> SendAsync(string text, CancellationToken cancellationToken = default) => SendAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>What has arrived (waiting up to <paramref name="timeoutMs"/> for the first byte).</summary>
    public async Task<ScriptSocketReceive> RecvAsync(int timeoutMs, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeoutMs);
        try
        {
            var count = await _stream.ReadAsync(_buffer, deadline.Token).ConfigureAwait(true);
            return count == 0 ? new ScriptSocketReceive(false, [], "CLOSED") : new ScriptSocketReceive(true, _buffer.AsSpan(0, count).ToArray(), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ScriptSocketReceive(false, [], "timeout");
        }
    }

    /// <summary>Closes the link (AT+CIPCLOSE) and gives it back.</summary>
    public Task CloseAsync() => _stream.DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
