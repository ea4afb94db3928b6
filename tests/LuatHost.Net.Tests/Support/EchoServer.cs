using System.Net;
using System.Net.Security;
using System.Net.Sockets;

namespace LuatHost.Net.Tests.Support;

/// <summary>Real loopback echo servers: TCP, TCP with TLS (<see cref="TestCertificate"/>) and UDP; each sends back what it reads.</summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly TcpListener _tcp = new(IPAddress.Loopback, 0);
    private readonly TcpListener _tls = new(IPAddress.Loopback, 0);
    private readonly UdpClient _udp = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];

    public EchoServer()
    {
        _tcp.Start();
        _tls.Start();
        _tasks.Add(AcceptAsync(_tcp, tls: false));
        _tasks.Add(AcceptAsync(_tls, tls: true));
        _tasks.Add(UdpAsync());
    }

    public int TcpPort => ((IPEndPoint)_tcp.LocalEndpoint).Port;

    public int TlsPort => ((IPEndPoint)_tls.LocalEndpoint).Port;

    public int UdpPort => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    /// <summary>When set, a TCP connection is closed by the server after it echoed this many bytes.</summary>
    public int? CloseAfterBytes { get; set; }

    private async Task AcceptAsync(TcpListener listener, bool tls)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => EchoAsync(client, tls));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    private async Task EchoAsync(TcpClient client, bool tls)
    {
        using var _ = client;
        try
        {
            Stream stream = client.GetStream();
            if (tls)
            {
                var ssl = new SslStream(stream);
                await ssl.AuthenticateAsServerAsync(TestCertificate.Server);
                stream = ssl;
            }
            var buffer = new byte[8192];
            long echoed = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, _stop.Token)) > 0)
            {
                var take = CloseAfterBytes is { } limit ? (int)Math.Min(read, limit - echoed) : read;
                await stream.WriteAsync(buffer.AsMemory(0, take), _stop.Token);
                echoed += take;
                if (CloseAfterBytes is { } l && echoed >= l)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException or ObjectDisposedException)
        {
        }
    }

    private async Task UdpAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var datagram = await _udp.ReceiveAsync(_stop.Token);
                await _udp.SendAsync(datagram.Buffer, datagram.RemoteEndPoint, _stop.Token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _tcp.Stop();
        _tls.Stop();
        _udp.Dispose();
        await Task.WhenAll(_tasks);
        _stop.Dispose();
    }
}
