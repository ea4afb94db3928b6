using System.Globalization;
using System.Text;
using LuatHost.Sim.Module.Sockets;
using LuatHost.Sim.Module.Wire;
using NLog;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// The multi-link TCP/UDP family in the SIMCom shape the Air724 AT firmware follows (openLuat AT manual, TCPIP chapter;
/// the multi-link walk-through in openLuat's "多链路" guide):
/// <code>
/// AT+CIPMUX=1                          OK
/// AT+CIPSSL=1                          OK              (the next CIPSTART is TLS)
/// AT+CIPSTART=0,"TCP","host",port      OK … 0, CONNECT OK | 0, CONNECT FAIL
/// AT+CIPSEND=0,5                       "> " … 5 raw bytes … 0, SEND OK
///                                      +RECEIVE,0,5:⏎ then 5 raw bytes         (URC)
/// AT+CIPCLOSE=0                        0, CLOSE OK
///                                      0, CLOSED                               (the peer closed)
/// </code>
/// VERIFY on a real Air724: the TLS switch (<c>AT+CIPSSL=1</c> is SIMCom's; some Luat firmwares take
/// <c>AT+CIPSTART=n,"SSL",…</c> — both are accepted here), and that a name that does not resolve prints
/// <c>n, CONNECT FAIL</c> like a refused connection (SIMCom does; no separate DNS URC is documented).
/// </summary>
internal sealed class SocketCommands(ModuleContext module) : ICommandFamily
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly Dictionary<int, OpenLink> _links = [];
    private readonly HashSet<int> _connecting = [];
    private bool _multiLink;
    private bool _sslNext;

    private LinkWriter Writer => module.Writer;

    private ModuleOptions Options => module.Options;

    private sealed record OpenLink(SocketLink Link, CancellationTokenSource Stop);

    public void Register(CommandTable table)
    {
        table.Add("+CIPMUX", CipMux);
        table.Add("+CIPSSL", CipSsl);
        table.Add("+CIPSTART", CipStart);
        table.Add("+CIPSEND", CipSend);
        table.Add("+CIPCLOSE", CipClose);
    }

    public async Task ResetAsync()
    {
        await CloseAllAsync(announce: false).ConfigureAwait(false);
        _multiLink = false;
        _sslNext = false;
    }

    public Task OnBearerLostAsync() => CloseAllAsync(announce: true);

    private async Task CloseAllAsync(bool announce)
    {
        foreach (var id in _links.Keys.Order().ToList())
        {
            await DropAsync(id).ConfigureAwait(false);
            if (announce)
            {
                await Writer.LineAsync(Closed(id)).ConfigureAwait(false);
            }
        }
        _connecting.Clear();
    }

    private async Task<InputRequest?> Lines(params string[] lines)
    {
        await Writer.LinesAsync(lines).ConfigureAwait(false);
        return null;
    }

    private Task<InputRequest?> CipMux(AtRequest request) => request.Form switch
    {
        AtForm.Read => Lines("+CIPMUX: " + (_multiLink ? 1 : 0), "OK"),
        AtForm.Test => Lines("+CIPMUX: (0,1)", "OK"),
        AtForm.Set when request.TryInt(0, out var mode) && mode is 0 or 1 && _links.Count == 0 => SetMux(mode == 1),
        _ => Lines("ERROR"),
    };

    private Task<InputRequest?> SetMux(bool on)
    {
        _multiLink = on;
        return Lines("OK");
    }

    private Task<InputRequest?> CipSsl(AtRequest request) => request.Form switch
    {
        AtForm.Read => Lines("+CIPSSL: " + (_sslNext ? 1 : 0), "OK"),
        AtForm.Set when request.TryInt(0, out var mode) && mode is 0 or 1 => SetSsl(mode == 1),
        _ => Lines("ERROR"),
    };

    private Task<InputRequest?> SetSsl(bool on)
    {
        _sslNext = on;
        return Lines("OK");
    }

    private async Task<InputRequest?> CipStart(AtRequest request)
    {
        if (request.Form != AtForm.Set || !_multiLink || !request.TryInt(0, out var id) || id < 0 || id >= Options.SocketLinkCount
            || !request.TryInt(3, out var port) || port is < 1 or > 65535)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        var type = request.Text(1).ToUpperInvariant();
        var host = request.Text(2).Trim();
        if (type is not ("TCP" or "UDP" or "SSL") || host.Length == 0)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        if (_links.ContainsKey(id) || _connecting.Contains(id))
        {
            return await Lines("OK", $"{id}, ALREADY CONNECT").ConfigureAwait(false);
        }
        await Writer.OkAsync().ConfigureAwait(false);
        if (!module.State.Registered)
        {
            module.PostUrc(() => Writer.LineAsync($"{id}, CONNECT FAIL"));
            return null;
        }
        var udp = type == "UDP";
        var tls = !udp && (type == "SSL" || _sslNext);
        _connecting.Add(id);
        var generation = module.Generation;
        var lifetime = module.Lifetime.Token;
        // The link's SSL context is its id (AT+SSLCFG="cacert",<id>,… — see SslFileCommands).
        var trust = tls ? module.Certificates.TrustFor(id, Options.PinnedCertificate) : null;
        _ = Task.Run(async () =>
        {
            SocketLink? link = null;
            try
            {
                link = await SocketLink.OpenAsync(host, port, udp, tls, Options, lifetime, trust).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Debug("virtual module: link {0} to {1}:{2} failed: {3}", id, host, port, ex.Message);
            }
            module.PostUrc(async () =>
            {
                _connecting.Remove(id);
                if (link is null)
                {
                    await Writer.LineAsync($"{id}, CONNECT FAIL").ConfigureAwait(false);
                    return;
                }
                var open = new OpenLink(link, CancellationTokenSource.CreateLinkedTokenSource(lifetime));
                _links[id] = open;
                await Writer.LineAsync($"{id}, CONNECT OK").ConfigureAwait(false);
                _ = Task.Run(() => PumpAsync(id, open, generation));
            });
        }, CancellationToken.None);
        return null;
    }

    /// <summary>
    /// Network → host: each read becomes one <c>+RECEIVE,n,len:</c>. One chunk may wait behind the one on the UART
    /// (double buffering keeps the line busy between chunks); the read after that waits until the older one left.
    /// </summary>
    private async Task PumpAsync(int id, OpenLink open, int generation)
    {
        var buffer = new byte[Math.Max(Options.SocketReceiveChunkBytes, open.Link.IsUdp ? 65536 : 0)];
        var stop = open.Stop.Token;
        var previous = Task.CompletedTask;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var count = await open.Link.ReceiveAsync(buffer, stop).ConfigureAwait(false);
                if (count == 0 && !open.Link.IsUdp)
                {
                    break;
                }
                for (var offset = 0; offset < count; offset += Options.SocketReceiveChunkBytes)
                {
                    var slice = buffer.AsMemory(offset, Math.Min(Options.SocketReceiveChunkBytes, count - offset)).ToArray();
                    var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    module.PostUrc(async () =>
                    {
                        try
                        {
                            if (_links.TryGetValue(id, out var current) && current == open)
                            {
                                await Writer.RawAsync(Received(id, slice)).ConfigureAwait(false);
                            }
                        }
                        finally
                        {
                            written.TrySetResult();
                        }
                    });
                    await previous.WaitAsync(stop).ConfigureAwait(false);
                    previous = written.Task;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            if (stop.IsCancellationRequested)
            {
                return;
            }
        }
        module.PostUrc(async () =>
        {
            if (generation == module.Generation && _links.TryGetValue(id, out var current) && current == open)
            {
                await DropAsync(id).ConfigureAwait(false);
                await Writer.LineAsync(Closed(id)).ConfigureAwait(false);
            }
        });
    }

    private static byte[] Received(int id, byte[] data)
    {
        var header = LinkWriter.Frame(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"+RECEIVE,{id},{data.Length}:")));
        var frame = new byte[header.Length + data.Length];
        header.CopyTo(frame, 0);
        data.CopyTo(frame, header.Length);
        return frame;
    }

    private static string Closed(int id) => string.Create(CultureInfo.InvariantCulture, $"{id}, CLOSED");

    private async Task<InputRequest?> CipSend(AtRequest request)
    {
        if (request.Form != AtForm.Set || !request.TryInt(0, out var id) || !request.TryInt(1, out var length)
            || length < 1 || length > Options.SocketSendMaxBytes || !_links.TryGetValue(id, out var open))
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        await Writer.RawAsync("\r\n> "u8.ToArray()).ConfigureAwait(false);
        return InputRequest.Counted(length, TimeSpan.FromSeconds(60), async (data, timedOut) =>
        {
            if (timedOut || !_links.TryGetValue(id, out var current) || current != open)
            {
                return await Lines(timedOut ? "ERROR" : $"{id}, SEND FAIL").ConfigureAwait(false);
            }
            try
            {
                await open.Link.SendAsync(data, open.Stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or OperationCanceledException or ObjectDisposedException)
            {
                return await Lines($"{id}, SEND FAIL").ConfigureAwait(false);
            }
            return await Lines($"{id}, SEND OK").ConfigureAwait(false);
        });
    }

    private async Task<InputRequest?> CipClose(AtRequest request)
    {
        if (request.Form != AtForm.Set || !request.TryInt(0, out var id) || !_links.ContainsKey(id))
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        await DropAsync(id).ConfigureAwait(false);
        return await Lines($"{id}, CLOSE OK").ConfigureAwait(false);
    }

    private async Task DropAsync(int id)
    {
        if (!_links.Remove(id, out var open))
        {
            return;
        }
        await open.Stop.CancelAsync().ConfigureAwait(false);
        await open.Link.DisposeAsync().ConfigureAwait(false);
        open.Stop.Dispose();
    }
}
