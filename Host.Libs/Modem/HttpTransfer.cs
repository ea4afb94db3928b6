using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// One whole HTTP exchange through the module's HTTP client, with the body streamed to a sink in bounded chunks:
/// HTTPTERM (stale session) → HTTPINIT → HTTPSSL for https → CID → URL → one USER_DEFINED per header → HTTPDATA →
/// HTTPACTION → HTTPHEAD → <c>AT+HTTPREAD=&lt;start&gt;,&lt;len&gt;</c> per chunk → HTTPTERM.
/// <para>
/// Chunked reads: the Air724 guide documents <c>AT+HTTPREAD</c> and <c>"BREAK"/"BREAKEND"</c> ranges; the
/// <c>&lt;start&gt;,&lt;len&gt;</c> form is documented for the Air780/SIMCom family (LuatOS-Air AT guide, HTTP
/// chapter). VERIFY on an Air724: if it ignores the range, send a <c>Range:</c> header per chunk instead.
/// The host never holds more than one chunk of the body.
/// </para>
/// <code>
/// var http = new HttpTransfer(modem);
/// await using var file = File.Create("fw.bin");
/// var result = await http.DownloadAsync("http://example.com/fw.bin", [new("Range", "bytes=1024-")], file, ct);
/// // result.StatusCode 206, result.Header("Content-Range") "bytes 1024-…/total"
/// </code>
/// The module has one HTTP session: transfers on one engine run one after another.
/// </summary>
public sealed class HttpTransfer
{
    /// <summary>The SSL context of the module's HTTP client in AT+SSLCFG (153 in the shared AT reference §4; VERIFY on an Air724).</summary>
    public const int HttpSslContext = 153;

    /// <summary>One <c>AT+HTTPREAD</c> slice: ≈4 KB is the documented response buffer of the family (docs/air724-at.md §4).</summary>
    public const int DefaultChunkBytes = 4096;

    private static readonly ConditionalWeakTable<AtEngine, SemaphoreSlim> SessionGates = new();
    private readonly Air724 _modem;
    private readonly int _chunkBytes;
    private readonly SemaphoreSlim _session;

    public HttpTransfer(Air724 modem, int chunkBytes = DefaultChunkBytes)
    {
        ArgumentNullException.ThrowIfNull(modem);
        AtArguments.CheckRange(chunkBytes, 64, 64 * 1024, "HTTPREAD chunk size");
        _modem = modem;
        _chunkBytes = chunkBytes;
        _session = SessionGates.GetValue(modem.Engine, static _ => new SemaphoreSlim(1, 1));
    }

    /// <summary>GET <paramref name="url"/> (headers such as <c>Range</c> included) with the body written to <paramref name="sink"/>.</summary>
    public Task<HttpTransferResult> DownloadAsync(string url, IEnumerable<KeyValuePair<string, string>>? headers, Stream sink,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return SendAsync(new HttpTransferRequest(HttpAction.Get, url) { Headers = headers?.ToList() ?? [] },
            (chunk, ct) => sink.WriteAsync(chunk, ct), cancellationToken);
    }

    /// <summary>GET <paramref name="url"/> with the body appended to <paramref name="sink"/>.</summary>
    public Task<HttpTransferResult> DownloadAsync(string url, IEnumerable<KeyValuePair<string, string>>? headers, IBufferWriter<byte> sink,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sink);
        return SendAsync(new HttpTransferRequest(HttpAction.Get, url) { Headers = headers?.ToList() ?? [] },
            (chunk, _) =>
            {
                sink.Write(chunk.Span);
                return ValueTask.CompletedTask;
            }, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="request"/>; each body chunk goes to <paramref name="sink"/> (null: the body is not read).
    /// A module-side failure (600..606) is returned in <see cref="HttpTransferResult.StatusCode"/>, not thrown; a bad URL
    /// or header throws <see cref="AtArgumentException"/> before anything is sent.
    /// </summary>
    public Task<HttpTransferResult> SendAsync(HttpTransferRequest request, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>? sink,
        CancellationToken cancellationToken = default) =>
        SendAsync(request, _ => sink, cancellationToken);

    /// <summary>
    /// As <see cref="SendAsync(HttpTransferRequest, Func{ReadOnlyMemory{byte}, CancellationToken, ValueTask}?, CancellationToken)"/>, but
    /// the sink is chosen once status and headers are known (<see cref="HttpTransferResult.BytesReceived"/> is 0 there): a
    /// caller that keeps only a 206 body with the expected <c>Content-Range</c> returns null for anything else, and the body
    /// is then not read.
    /// </summary>
    public async Task<HttpTransferResult> SendAsync(HttpTransferRequest request,
        Func<HttpTransferResult, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>?> sinkFor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sinkFor);
        var target = HttpUrl.Parse(request.Url);
        var headers = BuildHeaders(target, request.Headers);
        await _session.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await RunSessionAsync(request, target, headers, sinkFor, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _session.Release();
        }
    }

    private List<string> BuildHeaders(HttpUrl target, IReadOnlyList<KeyValuePair<string, string>> requested)
    {
        var lines = new List<string>(requested.Count + 1);
        if (target.UserInfo is { } userInfo && !requested.Any(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)))
        {
            var token = Convert.ToBase64String(Encoding.UTF8.GetBytes(Uri.UnescapeDataString(userInfo)));
            _modem.Engine.Redactor.Register(token);
            lines.Add("Authorization: Basic " + token);
        }
        foreach (var (name, value) in requested)
        {
            var line = name.Trim() + ": " + value.Trim();
            AtArguments.CheckText(line, $"HTTP header '{name}'", ModemLimits.HttpUrlBytes);
            lines.Add(line);
        }
        return lines;
    }

    private async Task<HttpTransferResult> RunSessionAsync(HttpTransferRequest request, HttpUrl target, List<string> headers,
        Func<HttpTransferResult, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask>?> sinkFor, CancellationToken cancellationToken)
    {
        var http = _modem.Http;
        // The HTTP commands need the SAPBR bearer (docs/air724-at.md §4): the module's one bring-up opens it if it is down.
        await _modem.BringUp.EnsureBearerAsync(cancellationToken).ConfigureAwait(false);
        await http.TerminateAsync(ignoreErrors: true, cancellationToken).ConfigureAwait(false);
        await http.InitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (target.IsHttps)
            {
                await _modem.Certificates.ApplyAsync(HttpSslContext, request.CaCertificate, cancellationToken).ConfigureAwait(false);
                await http.SetSslAsync(true, cancellationToken).ConfigureAwait(false);
            }
            await http.SetCidAsync(1, cancellationToken).ConfigureAwait(false);
            await http.SetUrlAsync(target.ModuleUrl, cancellationToken).ConfigureAwait(false);
            foreach (var header in headers)
            {
                await http.AddHeaderAsync(header, cancellationToken).ConfigureAwait(false);
            }
            if (!request.Body.IsEmpty)
            {
                await http.WriteBodyAsync(request.Body, TimeSpan.FromSeconds(20), cancellationToken).ConfigureAwait(false);
            }
            var action = await http.ActionAsync(request.Method, cancellationToken).ConfigureAwait(false);
            if (action.IsModuleError)
            {
                return new HttpTransferResult(action.StatusCode, 0, [], 0);
            }
            var responseHeaders = ParseHeaders(await http.ReadHeadersAsync(cancellationToken).ConfigureAwait(false));
            if (request.ResponseStarted is { } started)
            {
                await started(new HttpTransferResult(action.StatusCode, action.ContentLength, responseHeaders, 0), cancellationToken).ConfigureAwait(false);
            }
            long received = 0;
            var sink = sinkFor(new HttpTransferResult(action.StatusCode, action.ContentLength, responseHeaders, 0));
            if (sink is not null && request.Method != HttpAction.Head)
            {
                received = await ReadBodyAsync(http, action.ContentLength, sink, cancellationToken).ConfigureAwait(false);
            }
            return new HttpTransferResult(action.StatusCode, action.ContentLength, responseHeaders, received);
        }
        finally
        {
            await http.TerminateAsync(ignoreErrors: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task<long> ReadBodyAsync(Http http, int length, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask> sink,
        CancellationToken cancellationToken)
    {
        var start = 0;
        while (start < length)
        {
            var chunk = await http.ReadBodyAsync(start, Math.Min(_chunkBytes, length - start), cancellationToken).ConfigureAwait(false);
            if (chunk.Length == 0)
            {
                throw new AtException($"AT+HTTPREAD={start},… returned nothing although +HTTPACTION announced {length} bytes; the module lost the body.");
            }
            await sink(chunk, cancellationToken).ConfigureAwait(false);
            start += chunk.Length;
        }
        return start;
    }

    /// <summary>
    /// <c>+HTTPHEAD:</c> text: "Name: value" lines; a status line may or may not come first (docs/air724-at.md §10).
    /// </summary>
    private static List<KeyValuePair<string, string>> ParseHeaders(byte[] raw)
    {
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in Encoding.UTF8.GetString(raw).Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0 || line.StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
        }
        return headers;
    }
}

/// <summary>What to send: method, URL (<c>[http[s]://][user:pass@]host[:port][/path]</c>), extra headers, optional body.</summary>
public sealed record HttpTransferRequest(HttpAction Method, string Url)
{
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    /// <summary>POST body (≤ 64 KB, the host's AT+HTTPDATA bound); empty sends none.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>For HTTPS: the only CA (PEM) the module trusts for this request (SSL context 153); empty = its default.</summary>
    public ReadOnlyMemory<byte> CaCertificate { get; init; }

    /// <summary>Called once status and headers are known, before the first body chunk (a streaming sink needs the total).</summary>
    public Func<HttpTransferResult, CancellationToken, ValueTask>? ResponseStarted { get; init; }
}

/// <summary>Status (or module error 600..606), the length +HTTPACTION announced, the response headers, body bytes read.</summary>
public sealed record HttpTransferResult(int StatusCode, long ContentLength, IReadOnlyList<KeyValuePair<string, string>> Headers, long BytesReceived)
{
    /// <summary>600..606: the module could not complete the request (601 network, 603 DNS, 605/606 TLS; docs/air724-at.md §4).</summary>
    public bool IsModuleError => StatusCode is >= 600 and <= 606;

    public bool IsSuccess => StatusCode is >= 200 and <= 299;

    /// <summary>The first header named <paramref name="name"/> (case-insensitive), else null.</summary>
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
