using System.Text;
using LuatHost.Modem;

namespace LuatHost.Scripting;

/// <summary>
/// The `http` global: Luat's http.request as async calls over the same module HTTP service as the Lua binding
/// (<see cref="HttpTransfer"/>: the module's AT+HTTP… commands, the body read in bounded chunks).
/// <code>
/// var answer = await http.RequestAsync("GET", "http://api.example.com/status");
/// log.info("http", answer.StatusCode, answer.Text);
/// var file = await http.DownloadAsync("http://files.example.com/fw.bin", "fw.bin", new() { ["Range"] = "bytes=0-" });
/// </code>
/// Module-side failures (601 network, 603 DNS, 605/606 TLS) come back as the status code, as +HTTPACTION reports them.
/// </summary>
public sealed class ScriptHttp
{
    private readonly ScriptDevice? _device;

    internal ScriptHttp(ScriptDevice? device) => _device = device;

    /// <summary>GET/POST/HEAD with optional headers and body; the whole answer in memory.</summary>
    public async Task<ScriptHttpAnswer> RequestAsync(string method, string url, IReadOnlyDictionary<string, string>? head = null,
        string? body = null, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        var result = await Transfer("RequestAsync").SendAsync(Request(method, url, head, body),
            (chunk, ct) => buffer.WriteAsync(chunk, ct), cancellationToken).ConfigureAwait(true);
        return new ScriptHttpAnswer(result.StatusCode, result.Headers, buffer.ToArray());
    }

    /// <summary>GET into a host file (created or replaced); the body never sits in memory whole.</summary>
    public async Task<HttpTransferResult> DownloadAsync(string url, string path, IReadOnlyDictionary<string, string>? head = null,
        CancellationToken cancellationToken = default)
    {
        await using var file = File.Create(path);
        return await Transfer("DownloadAsync").DownloadAsync(url, head, file, cancellationToken).ConfigureAwait(true);
    }

    private static HttpTransferRequest Request(string method, string url, IReadOnlyDictionary<string, string>? head, string? body)
    {
        var action = method.ToUpperInvariant() switch
        {
            "GET" => HttpAction.Get,
            "POST" => HttpAction.Post,
            "HEAD" => HttpAction.Head,
            _ => throw new ArgumentException($"http: method {method} is not one the module's HTTP client has (GET, POST, HEAD)", nameof(method)),
        };
        return new HttpTransferRequest(action, url)
        {
            Headers = head?.ToList() ?? [],
            Body = body is null ? ReadOnlyMemory<byte>.Empty : Encoding.UTF8.GetBytes(body),
        };
    }

    private HttpTransfer Transfer(string what) => new(_device?.Modem
        ?? throw new InvalidOperationException($"http.{what}: no module attached (run the script with `luathost run`, which attaches the virtual module or --port)"));
}

/// <summary>Status (or module error 60x), response headers and body.</summary>
public sealed record ScriptHttpAnswer(int StatusCode, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);
}
