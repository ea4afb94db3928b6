using System.Collections.Concurrent;
using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module;
using LuatHost.Testing;

namespace LuatHost.Net.Tests;

/// <summary>The multi-link TCP/UDP/TLS commands end to end: AT engine → virtual module → real loopback servers.</summary>
public sealed class SocketsTests : IAsyncLifetime
{
    private const string Host = "echo.example.test";
    private readonly EchoServer _echo = new();
    private readonly ConcurrentDictionary<int, MemoryStream> _received = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _closed = new();
    // Completed and replaced on every chunk the module hands up, so a waiter wakes on data, not on a clock.
    private TaskCompletionSource _arrived = NewSignal();
    private ModemLink _link = null!;

    public async Task InitializeAsync()
    {
        _link = await ModemLink.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap()
                .Add(Host, "127.0.0.1", _echo.TcpPort, RemoteProtocol.Tcp)
                .Add(Host, "127.0.0.1", _echo.TlsPort, RemoteProtocol.Tls)
                .Add(Host, "127.0.0.1", _echo.UdpPort, RemoteProtocol.Udp),
            PinnedCertificate = TestCertificate.Server,
        });
        _link.Modem.Sockets.Received += (id, data) =>
        {
            var buffer = _received.GetOrAdd(id, _ => new MemoryStream());
            lock (buffer) buffer.Write(data.Span);
            Interlocked.Exchange(ref _arrived, NewSignal()).TrySetResult();
        };
        _link.Modem.Sockets.Closed += id => ClosedSignal(id).TrySetResult();
    }

    public async Task DisposeAsync()
    {
        await _link.DisposeAsync();
        await _echo.DisposeAsync();
    }

    /// <summary>Starts with NUL; from 256 bytes on it holds every byte value (CR, LF and NUL included).</summary>
    private static byte[] Binary(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++) data[i] = (byte)(i * 7 + i / 251);
        return data;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TaskCompletionSource ClosedSignal(int id) => _closed.GetOrAdd(id, _ => NewSignal());

    /// <summary>The bytes socket <paramref name="id"/> received once there are at least <paramref name="length"/>; what came, if the hang guard ends the wait.</summary>
    private async Task<byte[]> ReceivedAsync(int id, int length)
    {
        var giveUp = Task.Delay(HangGuard.Limit * 2);
        while (true)
        {
            var arrived = Volatile.Read(ref _arrived).Task;
            var buffer = _received.GetOrAdd(id, _ => new MemoryStream());
            lock (buffer) if (buffer.Length >= length) return buffer.ToArray();
            if (await Task.WhenAny(arrived, giveUp) == giveUp) lock (buffer) return buffer.ToArray();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(11200)]
    [InlineData(1024 * 1024)]
    public async Task Tcp_echo_returns_every_byte_including_cr_lf_and_nul(int length)
    {
        var sockets = _link.Modem.Sockets;
        var data = Binary(length);

        Assert.True(await sockets.ConnectAsync(0, SocketKind.Tcp, Host, 7000));
        Assert.True(await sockets.SendAsync(0, data));

        Assert.Equal(data, await ReceivedAsync(0, length));
        await sockets.CloseAsync(0);
    }

    [Fact]
    public async Task Four_links_echo_at_once_without_mixing_bytes()
    {
        var sockets = _link.Modem.Sockets;
        var payloads = Enumerable.Range(0, 4).Select(i => Binary(20000 + i * 1000).Select(b => (byte)(b ^ i)).ToArray()).ToArray();
        for (var id = 0; id < 4; id++) Assert.True(await sockets.ConnectAsync(id, SocketKind.Tcp, Host, 7000));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(id => sockets.SendAsync(id, payloads[id])));

        for (var id = 0; id < 4; id++) Assert.Equal(payloads[id], await ReceivedAsync(id, payloads[id].Length));
    }

    [Fact]
    public async Task Udp_datagram_comes_back_and_an_oversized_one_is_refused()
    {
        var sockets = _link.Modem.Sockets;
        Assert.True(await sockets.ConnectAsync(1, SocketKind.Udp, Host, 9999));

        Assert.True(await sockets.SendDatagramAsync(1, "ping\r\n\0"u8.ToArray()));
        Assert.Equal("ping\r\n\0"u8.ToArray(), await ReceivedAsync(1, 7));
        await Assert.ThrowsAsync<AtArgumentException>(() => sockets.SendDatagramAsync(1, new byte[Sockets.SendChunkBytes + 1]));
    }

    [Fact]
    public async Task Tls_link_trusts_the_local_certificate_and_echoes()
    {
        var sockets = _link.Modem.Sockets;
        Assert.True(await sockets.ConnectAsync(2, SocketKind.Tls, Host, 443));
        Assert.True(await sockets.SendAsync(2, "secure"u8.ToArray()));
        Assert.Equal("secure"u8.ToArray(), await ReceivedAsync(2, 6));
    }

    [Fact]
    public async Task Tls_to_a_server_with_another_certificate_fails_to_connect()
    {
        await using var link = await ModemLink.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap().Add(Host, "127.0.0.1", _echo.TlsPort, RemoteProtocol.Tls),
        });
        Assert.False(await link.Modem.Sockets.ConnectAsync(0, SocketKind.Tls, Host, 443));
    }

    [Fact]
    public async Task Refused_and_unresolvable_hosts_fail_to_connect()
    {
        var sockets = _link.Modem.Sockets;
        Assert.False(await sockets.ConnectAsync(3, SocketKind.Tcp, "127.0.0.1", FreeTcpPort()));
        Assert.False(await sockets.ConnectAsync(4, SocketKind.Tcp, "no-such-host.invalid", 80));
    }

    [Fact]
    public async Task Server_closing_mid_transfer_raises_closed_and_send_then_fails()
    {
        _echo.CloseAfterBytes = 3000;
        var sockets = _link.Modem.Sockets;
        Assert.True(await sockets.ConnectAsync(5, SocketKind.Tcp, Host, 7000));
        await sockets.SendAsync(5, Binary(10000));

        Assert.Equal(Binary(3000), (await ReceivedAsync(5, 3000))[..3000]);
        await HangGuard.WithinAsync(ClosedSignal(5).Task, () => "socket 5 was never reported closed");
        Assert.False(await sockets.SendAsync(5, "late"u8.ToArray()));
    }

    private static int FreeTcpPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
