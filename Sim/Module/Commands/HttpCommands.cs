using System.Globalization;
using System.Text;
using LuatHost.Sim.Module.Http;
using LuatHost.Sim.Module.Wire;
using NLog;

namespace LuatHost.Sim.Module.Commands;

/// <summary>
/// The HTTP family (§4): idle → <c>HTTPINIT</c> → parameters/body → <c>HTTPACTION</c> (OK now, <c>+HTTPACTION:</c>
/// later) → <c>HTTPREAD</c> → <c>HTTPTERM</c>. Bodies are never logged: they carry <c>sign=</c>.
/// </summary>
internal sealed class HttpCommands(ModuleContext module) : ICommandFamily, IDisposable
{
    private const int MaxBody = 1024 * 1024;
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly HttpRequester _requester = new(module.Options, () => module.Certificates.TrustFor(Tls.ModuleCertificates.HttpContext, module.Options.PinnedCertificate));
    private readonly List<string> _headers = [];
    private bool _initialised;
    private string _url = "";
    private string? _contentType;
    private string _userAgent = "合宙 module";
    private byte[]? _body;
    private long? _breakStart;
    private long? _breakEnd;
    private HttpOutcome? _result;
    private bool _busy;
    private int _busyMethod;
    private CancellationTokenSource _requestCancel = new();

    private LinkWriter Writer => module.Writer;

    public void Register(CommandTable table)
    {
        table.Add("+HTTPINIT", HttpInit);
        table.Add("+HTTPTERM", HttpTerm);
        table.Add("+HTTPSSL", request => request.Form == AtForm.Read ? Lines("+HTTPSSL: 0", "OK")
            : request.Form == AtForm.Test ? Lines("+HTTPSSL: (0-1)", "OK") : Lines("OK"));
        table.HandlesTestForm("+HTTPSSL");
        table.Add("+HTTPPARA", HttpPara);
        table.Add("+HTTPDATA", HttpData);
        table.Add("+HTTPACTION", HttpAction);
        table.Add("+HTTPREAD", HttpRead);
        table.Add("+HTTPHEAD", HttpHead);
    }

    public Task ResetAsync()
    {
        _requestCancel.Cancel();
        _requestCancel = new CancellationTokenSource();
        Clear();
        _initialised = false;
        return Task.CompletedTask;
    }

    /// <summary>PDP lost mid-request: <c>+HTTPACTION: m,601,0</c> (observed sequence, §4).</summary>
    public async Task OnBearerLostAsync()
    {
        if (_busy)
        {
            _requestCancel.Cancel();
            _requestCancel = new CancellationTokenSource();
            _busy = false;
            await Writer.LineAsync($"+HTTPACTION: {_busyMethod},601,0").ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _requestCancel.Cancel();
        _requestCancel.Dispose();
        _requester.Dispose();
    }

    private void Clear()
    {
        _headers.Clear();
        _url = "";
        _contentType = null;
        _body = null;
        _breakStart = null;
        _breakEnd = null;
        _result = null;
        _busy = false;
    }

    private async Task<InputRequest?> Lines(params string[] lines)
    {
        await Writer.LinesAsync(lines).ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// A failed HTTP command ends with <c>ERROR: &lt;n&gt;</c> on this firmware (openLuat AT manual, ERROR.md); 3 is the code for
    /// an operation not allowed in the current state (3GPP 27.007's meaning of 3), the case the tutorial runs into.
    /// </summary>
    private const string NotAllowedNow = "ERROR: 3";

    private Task<InputRequest?> HttpInit(AtRequest _)
    {
        // SIMCom-compatible: a second HTTPINIT without HTTPTERM is an error.
        if (_initialised)
        {
            return Lines(NotAllowedNow);
        }
        Clear();
        _initialised = true;
        return Lines("OK");
    }

    private Task<InputRequest?> HttpTerm(AtRequest _)
    {
        if (!_initialised)
        {
            return Lines("ERROR");
        }
        _requestCancel.Cancel();
        _requestCancel = new CancellationTokenSource();
        Clear();
        _initialised = false;
        return Lines("OK");
    }

    /// <summary>
    /// The value may be unquoted and may contain commas (URLs), so it is everything after the first comma,
    /// with one pair of surrounding quotes removed — the tutorial sends <c>"URL",https://…</c> unquoted.
    /// </summary>
    private Task<InputRequest?> HttpPara(AtRequest request)
    {
        if (!_initialised || request.Form != AtForm.Set || request.Arguments.Count < 2)
        {
            return Lines("ERROR");
        }
        var comma = FirstUnquotedComma(request.RawArguments);
        var value = AtArgument.From(request.RawArguments[(comma + 1)..]).Value;
        switch (request.Text(0).ToUpperInvariant())
        {
            case "URL":
                _url = value;
                break;
            case "USER_DEFINED":
                // One header per call; "\r\n"-separated lists are split too.
                _headers.AddRange(value.Split(["\\r\\n", "\r\n"], StringSplitOptions.RemoveEmptyEntries));
                break;
            case "CONTENT":
                _contentType = value;
                break;
            case "UA":
                _userAgent = value;
                break;
            case "BREAK" or "BREAKEND":
                // LuatOS-Air AT guide: a ranged GET (206); the module sends it as a Range header.
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
                {
                    return Lines("ERROR");
                }
                if (request.Text(0).Equals("BREAK", StringComparison.OrdinalIgnoreCase))
                {
                    _breakStart = offset;
                }
                else
                {
                    _breakEnd = offset;
                }
                break;
            case "CID" or "PROIP" or "PROPORT" or "REDIR" or "TIMEOUT" or "USERDATA":
                break;
            default:
                return Lines("ERROR");
        }
        return Lines("OK");
    }

    private static int FirstUnquotedComma(string text)
    {
        var inQuotes = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (text[i] == ',' && !inQuotes)
            {
                return i;
            }
        }
        return text.Length;
    }

    /// <summary>
    /// <c>DOWNLOAD</c>, then exactly size bytes within time ms, then <c>OK</c>. If the time runs out first the partial
    /// body is discarded and <c>ERROR</c> printed — VERIFY (SIMCom keeps the partial body).
    /// </summary>
    private async Task<InputRequest?> HttpData(AtRequest request)
    {
        if (!_initialised || !request.TryInt(0, out var size) || size < 0 || size > MaxBody)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        var timeMs = request.TryInt(1, out var t) ? Math.Clamp(t, 1000, 120000) : 120000;
        if (size == 0)
        {
            _body = null;
            return await Lines("OK").ConfigureAwait(false);
        }
        await Writer.LineAsync("DOWNLOAD").ConfigureAwait(false);
        return InputRequest.Counted(size, TimeSpan.FromMilliseconds(timeMs), async (data, timedOut) =>
        {
            if (timedOut)
            {
                await Writer.ErrorAsync().ConfigureAwait(false);
                return null;
            }
            _body = data;
            await Writer.OkAsync().ConfigureAwait(false);
            return null;
        });
    }

    private async Task<InputRequest?> HttpAction(AtRequest request)
    {
        if (!request.TryInt(0, out var method) || method is < 0 or > 2)
        {
            return await Lines("ERROR").ConfigureAwait(false);
        }
        if (!_initialised || _busy || _url.Length == 0)
        {
            return await Lines(NotAllowedNow).ConfigureAwait(false);
        }
        await Writer.OkAsync().ConfigureAwait(false);
        if (!module.State.Registered || !module.State.BearerOpen)
        {
            // No bearer: the request cannot leave the module.
            module.PostUrc(() => Writer.LineAsync($"+HTTPACTION: {method},601,0"));
            return null;
        }
        _busy = true;
        _busyMethod = method;
        _result = null;
        var httpMethod = method switch { 0 => HttpMethod.Get, 1 => HttpMethod.Post, _ => HttpMethod.Head };
        var url = _url.Contains("://", StringComparison.Ordinal) ? _url : "http://" + _url;
        var headers = _headers.ToList();
        if (_breakStart is not null || _breakEnd is not null)
        {
            headers.Add(string.Create(CultureInfo.InvariantCulture, $"Range: bytes={_breakStart ?? 0}-{_breakEnd}"));
        }
        var body = _body;
        var cancel = _requestCancel.Token;
        _ = Task.Run(async () =>
        {
            HttpOutcome outcome;
            try
            {
                outcome = await _requester.SendAsync(httpMethod, url, headers, _contentType, _userAgent, body, cancel).ConfigureAwait(false);
            }
            catch (UriFormatException)
            {
                outcome = new HttpOutcome(603, [], "");
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.Warn(ex, "virtual module: HTTP request failed unexpectedly");
                outcome = new HttpOutcome(601, [], "");
            }
            module.PostUrc(async () =>
            {
                if (cancel.IsCancellationRequested || !_busy)
                {
                    return;
                }
                _busy = false;
                _result = outcome;
                var line = string.Create(CultureInfo.InvariantCulture, $"+HTTPACTION: {method},{outcome.Status},{outcome.Body.Length}");
                await Writer.LineAsync(line).ConfigureAwait(false);
                if (module.Options.DuplicateHttpActionUrc)
                {
                    await Writer.LineAsync(line).ConfigureAwait(false);
                }
            }, UrcKind.HttpAction);
        }, CancellationToken.None);
        return null;
    }

    /// <summary><c>+HTTPREAD: n</c> CR LF, exactly n raw bytes, then CR LF <c>OK</c> CR LF (tutorial transcript).</summary>
    private async Task<InputRequest?> HttpRead(AtRequest request)
    {
        if (!_initialised || _result is null)
        {
            return await Lines(NotAllowedNow).ConfigureAwait(false);
        }
        var body = _result.Body;
        var start = 0;
        var length = body.Length;
        if (request.Form == AtForm.Set)
        {
            if (!request.TryInt(0, out start) || !request.TryInt(1, out length) || start < 0 || length < 0)
            {
                return await Lines("ERROR").ConfigureAwait(false);
            }
            start = Math.Min(start, body.Length);
            length = Math.Min(length, body.Length - start);
        }
        await WriteCountedAsync("+HTTPREAD: ", body.AsMemory(start, length)).ConfigureAwait(false);
        return null;
    }

    private async Task<InputRequest?> HttpHead(AtRequest _)
    {
        if (!_initialised || _result is null)
        {
            return await Lines(NotAllowedNow).ConfigureAwait(false);
        }
        await WriteCountedAsync("+HTTPHEAD: ", Encoding.ASCII.GetBytes(_result.Headers)).ConfigureAwait(false);
        return null;
    }

    private Task WriteCountedAsync(string prefix, ReadOnlyMemory<byte> payload)
    {
        using var buffer = new MemoryStream();
        buffer.Write(LinkWriter.Frame(Encoding.ASCII.GetBytes(prefix + payload.Length.ToString(CultureInfo.InvariantCulture))));
        buffer.Write(payload.Span);
        buffer.Write(LinkWriter.Frame("OK"u8));
        return Writer.RawAsync(buffer.ToArray());
    }
}
