using System.Net;
using System.Net.Sockets;

namespace LuatHost.Bench.Support;

/// <summary>
/// Loopback servers for the network rows: a TCP sink (reads and drops), a TCP source (writes until the peer closes)
/// and an HTTP server answering <c>GET /bytes/N</c> with N bytes (Content-Length, no chunking).
/// </summary>
public sealed class LocalNetServers : IAsyncDisposable
{
    private readonly TcpListener _sink = new(IPAddress.Loopback, 0);
    private readonly TcpListener _source = new(IPAddress.Loopback, 0);
    private readonly TcpListener _http = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];

    public LocalNetServers()
    {
        _sink.Start();
        _source.Start();
        _http.Start();
        _loops.Add(AcceptAsync(_sink, SinkAsync));
        _loops.Add(AcceptAsync(_source, SourceAsync));
        _loops.Add(AcceptAsync(_http, HttpAsync));
    }

    public int SinkPort => ((IPEndPoint)_sink.LocalEndpoint).Port;

    public int SourcePort => ((IPEndPoint)_source.LocalEndpoint).Port;

    public int HttpPort => ((IPEndPoint)_http.LocalEndpoint).Port;

    private async Task AcceptAsync(TcpListener listener, Func<TcpClient, Task> serve)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try { await serve(client).ConfigureAwait(false); }
                        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException) { }
                    }
                });
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task SinkAsync(TcpClient client)
    {
        var buffer = new byte[64 * 1024];
        var stream = client.GetStream();
        while (await stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false) > 0)
        {
        }
    }

    private async Task SourceAsync(TcpClient client)
    {
        var block = new byte[16 * 1024];
        new Random(7).NextBytes(block);
        var stream = client.GetStream();
        while (!_stop.IsCancellationRequested)
        {
            await stream.WriteAsync(block, _stop.Token).ConfigureAwait(false);
        }
    }

    // A minimal HTTP/1.1 answer (one request per connection) is all the module's client needs; loopback only.
    private async Task HttpAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var request = new List<byte>();
        var one = new byte[1];
        while (request.Count < 8192 && !(request.Count >= 4 && request[^4] == '\r' && request[^3] == '\n' && request[^2] == '\r' && request[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token).ConfigureAwait(false) == 0) return;
            request.Add(one[0]);
        }
        var line = System.Text.Encoding.ASCII.GetString([.. request]).Split(' ');
        var size = line.Length > 1 && line[1].StartsWith("/bytes/", StringComparison.Ordinal)
            && long.TryParse(line[1]["/bytes/".Length..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0;
        var head = System.Text.Encoding.ASCII.GetBytes(
            $"HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: {size}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(head, _stop.Token).ConfigureAwait(false);
        var block = new byte[64 * 1024];
        new Random(11).NextBytes(block);
        for (long sent = 0; sent < size; sent += block.Length)
        {
            await stream.WriteAsync(block.AsMemory(0, (int)Math.Min(block.Length, size - sent)), _stop.Token).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _sink.Stop();
        _source.Stop();
        _http.Stop();
        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
