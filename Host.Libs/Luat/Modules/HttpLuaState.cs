using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Luat.Modules;

/// <summary>
/// The host half of http.request for one power-on: runs each request through <see cref="HttpTransfer"/> and reports to
/// the request's Lua task as messages <c>LUATHOST_HTTP_&lt;id&gt;</c>: <c>"head", status, headTable</c>, then
/// <c>"data", chunk</c> per chunk (the next is read only after <c>_next</c>), then <c>"done"</c> or <c>"fail", prompt</c>.
/// </summary>
internal sealed class HttpLuaState : IDisposable
{
    private readonly Dictionary<long, Request> _requests = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _powerOff = new();
    private long _nextId;

    private HttpLuaState(LuatContext context) => Context = context;

    public LuatContext Context { get; }

    public static HttpLuaState For(LuatContext context) => context.GetService(static c => new HttpLuaState(c));

    /// <summary>Starts a request; returns its id, or the Luat prompt to fail with at once.</summary>
    public (long Id, string? Failure) Start(string method, string url, List<KeyValuePair<string, string>> headers, byte[] body, byte[] caCertificate)
    {
        if (Context.Device is null)
        {
            Context.Options.Diagnose("http.request: no module attached (run without --port for the virtual module)");
            return (0, "network not ready");
        }
        if (!TryAction(method, out var action))
        {
            Context.Options.Diagnose($"http.request: method {method} is not one the module's HTTP client has (GET, POST, HEAD)");
            return (0, "unsupported method " + method);
        }
        HttpUrl target;
        try
        {
            target = HttpUrl.Parse(url);
        }
        catch (AtArgumentException ex)
        {
            Context.Options.Diagnose("http.request: " + ex.Message);
            return (0, "Invalid url, can't get host");
        }
        var request = new Request(CancellationTokenSource.CreateLinkedTokenSource(_powerOff.Token));
        long id;
        lock (_gate)
        {
            id = ++_nextId;
            _requests[id] = request;
        }
        _ = RunAsync(id, request, target, new HttpTransferRequest(action, url) { Headers = headers, Body = body, CaCertificate = caCertificate });
        return (id, null);
    }

    /// <summary>The task took the last message: read the next chunk.</summary>
    public void Next(long id)
    {
        if (Find(id) is { } request) request.Taken.Release();
    }

    /// <summary>The task gave up (file error, the sink said stop): end the exchange.</summary>
    public void Stop(long id)
    {
        lock (_gate) _requests.GetValueOrDefault(id)?.Cancel.Cancel();
    }

    private Request? Find(long id)
    {
        lock (_gate) return _requests.GetValueOrDefault(id);
    }

    private async Task RunAsync(long id, Request request, HttpUrl target, HttpTransferRequest transfer)
    {
        var message = "LUATHOST_HTTP_" + id;
        var cancel = request.Cancel.Token;
        try
        {
            var http = new HttpTransfer(Context.Device!.Modem);
            var result = await http.SendAsync(transfer with
            {
                ResponseStarted = async (response, ct) =>
                {
                    Context.Publish(message, "head", response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture), HeadTable(response));
                    await request.Taken.WaitAsync(ct).ConfigureAwait(false);
                },
            }, async (chunk, ct) =>
            {
                Context.Publish(message, "data", chunk.ToArray());
                await request.Taken.WaitAsync(ct).ConfigureAwait(false);
            }, cancel).ConfigureAwait(false);
            if (result.IsModuleError)
            {
                Context.Options.Diagnose(ModuleErrorLine(target, result.StatusCode));
                Context.Publish(message, "fail", "connect fail");
                return;
            }
            Context.Publish(message, "done");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // The task stopped it (it already answered its callback) or the power went off.
        }
        catch (AtException ex)
        {
            Context.Options.Diagnose($"http.request {target.Host}: {ex.Message}");
            Context.Publish(message, "fail", "receive timeout");
        }
        finally
        {
            lock (_gate)
            {
                _requests.Remove(id);
                request.Cancel.Dispose();
            }
        }
    }

    private static Dictionary<string, object?> HeadTable(HttpTransferResult response)
    {
        var head = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (name, value) in response.Headers) head[name] = value;
        return head;
    }

    /// <summary>One host line naming the host and what to do (the bad-input rule).</summary>
    internal static string ModuleErrorLine(HttpUrl target, int status) => status switch
    {
        603 => $"http.request: the module could not resolve '{target.Host}' (+HTTPACTION 603, DNS); point it at a local server with --map {target.Host}={IpPortHint(target)}",
        605 or 606 => $"http.request: TLS with '{target.Host}:{target.Port}' failed (+HTTPACTION {status}); check the server certificate",
        _ => $"http.request: the module could not reach '{target.Host}:{target.Port}' (+HTTPACTION {status}, network); is the server running? (--map {target.Host}={IpPortHint(target)})",
    };

    private static string IpPortHint(HttpUrl target) => "127.0.0.1:" + target.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static bool TryAction(string method, out HttpAction action)
    {
        action = method switch { "GET" => HttpAction.Get, "POST" => HttpAction.Post, "HEAD" => HttpAction.Head, _ => (HttpAction)(-1) };
        return (int)action >= 0;
    }

    public void Dispose()
    {
        _powerOff.Cancel();
        _powerOff.Dispose();
    }

    private sealed class Request(CancellationTokenSource cancel)
    {
        public CancellationTokenSource Cancel { get; } = cancel;

        public SemaphoreSlim Taken { get; } = new(0);
    }
}
