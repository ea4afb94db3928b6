using System.Net;
using System.Net.Sockets;
using NLog;

namespace LuatHost.Sim.Module.Serving;

/// <summary>
/// Serves a fresh virtual module to every accepted TCP client, like a ser2net port with a module behind it
/// (<c>luathost sim --listen tcp://127.0.0.1:7000</c>). Each client sees its own power-on.
/// </summary>
public sealed class ModuleTcpServer : IAsyncDisposable
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly TcpListener _listener;
    private readonly ModuleOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private Task? _acceptLoop;

    public ModuleTcpServer(IPEndPoint endpoint, ModuleOptions options)
    {
        _listener = new TcpListener(endpoint);
        _options = options;
    }

    /// <summary>The bound endpoint (port 0 becomes the real port after <see cref="Start"/>).</summary>
    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    /// <summary>Raised for every new session, e.g. to reach its <see cref="VirtualModule.Faults"/>.</summary>
    public event Action<VirtualModule>? SessionStarted;

    public ModuleTcpServer Start()
    {
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
        return this;
    }

    /// <summary>Parses <c>tcp://host:port</c>.</summary>
    public static IPEndPoint ParseListenSpec(string spec)
    {
        if (!Uri.TryCreate(spec, UriKind.Absolute, out var uri) || uri.Scheme != "tcp" || uri.Port <= 0)
        {
            throw new FormatException($"'{spec}' is not a listen address; use tcp://127.0.0.1:7000");
        }
        var address = uri.Host is "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host.Trim('[', ']'));
        return new IPEndPoint(address, uri.Port);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            client.NoDelay = true;
            Log.Info("virtual module: client {Remote} connected", client.Client.RemoteEndPoint);
            lock (_sessions)
            {
                _sessions.RemoveAll(task => task.IsCompleted);
                _sessions.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            await using var module = new VirtualModule(client.GetStream(), _options);
            // Started first, so a subscriber sees the session's real Completion.
            module.Start();
            SessionStarted?.Invoke(module);
            await module.Completion.WaitAsync(_stop.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        Task[] sessions;
        lock (_sessions)
        {
            sessions = [.. _sessions];
        }
        await Task.WhenAll(sessions).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
