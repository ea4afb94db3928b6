using System.Net.Security;
using System.Net.Sockets;

namespace LuatHost.Sim.Module.Sockets;

/// <summary>
/// One real network link behind <c>AT+CIPSTART=n,…</c>: TCP (optionally TLS) or UDP, opened through the
/// <see cref="HostMap"/>; TLS keeps the original name for SNI and trusts the link's CA (AT+SSLCFG) or else the pinned certificate.
/// </summary>
internal sealed class SocketLink : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly Stream? _stream;

    private SocketLink(Socket socket, Stream? stream, bool udp)
    {
        _socket = socket;
        _stream = stream;
        IsUdp = udp;
    }

    public bool IsUdp { get; }

    /// <summary>Connects; throws <see cref="SocketException"/> (refused, unresolvable) or an authentication error (TLS).</summary>
    public static async Task<SocketLink> OpenAsync(string host, int port, bool udp, bool tls, ModuleOptions options, CancellationToken cancel,
        RemoteCertificateValidationCallback? trust = null)
    {
        if (!udp)
        {
            var (tcp, stream) = await OpenStreamAsync(host, port, tls ? RemoteProtocol.Tls : RemoteProtocol.Tcp, tls, options, cancel, trust).ConfigureAwait(false);
            return new SocketLink(tcp, stream, udp: false);
        }
        var target = options.HostMap.Resolve(host, port, RemoteProtocol.Udp);
        var socket = new Socket(SocketType.Dgram, ProtocolType.Udp);
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, cancel).ConfigureAwait(false);
            return new SocketLink(socket, null, udp: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// TCP to where the host map sends (<paramref name="host"/>, <paramref name="port"/>, <paramref name="protocol"/>), then,
    /// with <paramref name="tls"/>, the TLS handshake under the original name. The module's MQTT client opens its link here too.
    /// </summary>
    public static async Task<(Socket Socket, Stream Stream)> OpenStreamAsync(string host, int port, RemoteProtocol protocol, bool tls,
        ModuleOptions options, CancellationToken cancel, RemoteCertificateValidationCallback? trust = null)
    {
        var target = options.HostMap.Resolve(host, port, protocol);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target.Host, target.Port, cancel).ConfigureAwait(false);
            Stream stream = new NetworkStream(socket, ownsSocket: true);
            if (tls)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                {
                    TargetHost = host,
                    RemoteCertificateValidationCallback = trust ?? TlsTrust.For(options.PinnedCertificate),
                }, cancel).ConfigureAwait(false);
                stream = ssl;
            }
            return (socket, stream);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancel)
    {
        if (_stream is null)
        {
            await _socket.SendAsync(data, SocketFlags.None, cancel).ConfigureAwait(false);
            return;
        }
        await _stream.WriteAsync(data, cancel).ConfigureAwait(false);
        await _stream.FlushAsync(cancel).ConfigureAwait(false);
    }

    /// <summary>Reads what has arrived (0 = the peer closed; a UDP read is one datagram).</summary>
    public async Task<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancel) =>
        _stream is null
            ? await _socket.ReceiveAsync(buffer, SocketFlags.None, cancel).ConfigureAwait(false)
            : await _stream.ReadAsync(buffer, cancel).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        if (_stream is not null)
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        _socket.Dispose();
    }
}
