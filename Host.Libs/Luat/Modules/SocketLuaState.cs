using System.Globalization;
using LuatHost.At;
using LuatHost.Luat.Binding;
using LuatHost.Modem;

namespace LuatHost.Luat.Modules;

/// <summary>
/// The host half of socketcore for one power-on: the links this Lua state opened, their AT work, and the events that go
/// back to Lua (<c>"conn"|"send"|"close", id, result</c> with 0 = success; <c>"recv", id, 0, data</c>;
/// <c>"closeind", id</c>). Work on one link runs in order; different links run side by side.
/// </summary>
internal sealed class SocketLuaState : IDisposable
{
    private readonly Dictionary<int, Link> _links = [];
    private readonly Lock _gate = new();
    private readonly Sockets? _sockets;
    private LuaCallbackRef _handler;

    private SocketLuaState(LuatContext context)
    {
        Context = context;
        _sockets = context.Device?.Modem.Sockets;
        if (_sockets is null) return;
        _sockets.Received += OnReceived;
        _sockets.Closed += OnClosed;
    }

    public LuatContext Context { get; }

    public static SocketLuaState For(LuatContext context) => context.GetService(static c => new SocketLuaState(c));

    public void SetHandler(KeraLua.Lua lua, LuaCallbackRef handler)
    {
        _handler.Release(lua);
        _handler = handler;
    }

    /// <summary>Takes a link and starts the connect; null when there is no module or every link is in use.</summary>
    public int? Connect(int type, string host, int port, byte[]? caCertificate = null)
    {
        if (_sockets is null)
        {
            Context.Options.Diagnose("socket.connect: no module attached (run without --port for the virtual module)");
            return null;
        }
        if (_sockets.Reserve() is not { } id)
        {
            Context.Options.Diagnose($"socket.connect {host}:{port}: all {Sockets.LinkCount} links of the module are in use; close a socket first");
            return null;
        }
        var kind = type switch { 1 => SocketKind.Udp, 2 => SocketKind.Tls, _ => SocketKind.Tcp };
        var link = new Link(kind, host, port);
        lock (_gate) _links[id] = link;
        link.Enqueue(async () =>
        {
            var ok = false;
            try
            {
                ok = await _sockets.ConnectAsync(id, kind, host, port, default, caCertificate).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AtException or ArgumentException)
            {
                Context.Options.Diagnose($"socket.connect {host}:{port}: {ex.Message}");
            }
            if (!ok)
            {
                Context.Options.Diagnose(
                    $"socket.connect: the module could not open {(kind == SocketKind.Tls ? "TLS" : kind.ToString().ToUpperInvariant())} to {host}:{port} (refused, unknown host or TLS failure); " +
                    $"point the name at a local server with --map {host}:{port}=127.0.0.1:{port}");
            }
            link.Connected = ok;
            Deliver("conn", id, ok ? 0 : 1);
        });
        return id;
    }

    public void Send(int id, byte[] data)
    {
        if (Find(id) is not { } link)
        {
            Deliver("send", id, 1);
            return;
        }
        link.Enqueue(async () =>
        {
            var ok = false;
            try
            {
                ok = link.Connected && (link.Kind == SocketKind.Udp
                    ? await _sockets!.SendDatagramAsync(id, data).ConfigureAwait(false)
                    : await _sockets!.SendAsync(id, data).ConfigureAwait(false));
            }
            catch (Exception ex) when (ex is AtException or ArgumentException)
            {
                Context.Options.Diagnose($"socket.send {link.Host}:{link.Port}: {ex.Message}");
            }
            if (!ok && !link.Connected)
            {
                Context.Options.Diagnose($"socket.send {link.Host}:{link.Port}: the socket is not connected (closed by the peer or never opened)");
            }
            Deliver("send", id, ok ? 0 : 1);
        });
    }

    public void Close(int id)
    {
        if (Find(id) is not { } link)
        {
            Deliver("close", id, 0);
            return;
        }
        link.Enqueue(async () =>
        {
            try
            {
                await _sockets!.CloseAsync(id).ConfigureAwait(false);
            }
            catch (AtException ex)
            {
                Context.Options.Diagnose($"socket.close {link.Host}:{link.Port}: {ex.Message}");
            }
            lock (_gate) _links.Remove(id);
            _sockets!.Release(id);
            Deliver("close", id, 0);
        });
    }

    private Link? Find(int id)
    {
        lock (_gate) return _links.GetValueOrDefault(id);
    }

    // A link's URCs reach Lua through its queue, after the work queued before them. The module reports a send's
    // `SEND OK` before the `+RECEIVE` and `CLOSED` that answer it, but the send's result reaches Lua from the queue,
    // after the AT engine's completion has hopped threads, while the reader dispatches the next URCs at once: sent
    // straight to Lua they could overtake it (the socket then saw its send answered "CLOSED" and the real answer as
    // "response on invalid wait"). Through the queue Lua sees a link's events in the module's order.
    private void OnReceived(int id, ReadOnlyMemory<byte> data)
    {
        if (Find(id) is not { } link) return;
        var bytes = data.ToArray();
        link.Enqueue(() => DeliverIfOpen(id, "recv", bytes));
    }

    private void OnClosed(int id)
    {
        if (Find(id) is not { } link) return;
        link.Connected = false;
        link.Enqueue(() => DeliverIfOpen(id, "closeind", null));
    }

    // The script may have closed the link while this event waited its turn: then nothing is left to tell.
    private Task DeliverIfOpen(int id, string kind, byte[]? data)
    {
        if (Find(id) is not null) Deliver(kind, id, 0, data);
        return Task.CompletedTask;
    }

    private void Deliver(string kind, int id, int result, byte[]? data = null) => Context.Messages.PostToLua(lua =>
    {
        if (_handler.IsEmpty) return;
        _handler.Push(lua, release: false);
        lua.PushString(kind);
        lua.PushInteger(id);
        lua.PushInteger(result);
        if (data is null) lua.PushNil(); else lua.PushBuffer(data);
        Context.Messages.CallProtected(lua, 4, "socket " + kind + " " + id.ToString(CultureInfo.InvariantCulture));
    });

    public void Dispose()
    {
        if (_sockets is null) return;
        _sockets.Received -= OnReceived;
        _sockets.Closed -= OnClosed;
        List<int> open;
        lock (_gate) open = [.. _links.Keys];
        // A restart leaves no link behind: the next power-on starts from free ids, as the module's do after a reset.
        foreach (var id in open)
        {
            _ = _sockets.CloseAsync(id).ContinueWith(_ => _sockets.Release(id), TaskScheduler.Default);
        }
    }

    /// <summary>One link's AT work in order (connect before send before close), off the Lua thread.</summary>
    private sealed class Link(SocketKind kind, string host, int port)
    {
        private Task _tail = Task.CompletedTask;

        public SocketKind Kind { get; } = kind;

        public string Host { get; } = host;

        public int Port { get; } = port;

        public volatile bool Connected;

        public void Enqueue(Func<Task> work)
        {
            lock (this) _tail = _tail.ContinueWith(_ => work(), TaskScheduler.Default).Unwrap();
        }
    }
}
