using System.Globalization;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The module's HTTP client (at-commands.md §4): AT+HTTPINIT, AT+HTTPPARA (URL, CID, USER_DEFINED …), AT+HTTPDATA
/// (DOWNLOAD prompt, then exactly n bytes), AT+HTTPACTION (OK, then <c>+HTTPACTION: m,status,len</c>, repeats dropped),
/// AT+HTTPREAD (<c>+HTTPREAD: n</c> + n raw bytes), AT+HTTPTERM. Needs the SAPBR bearer open (<see cref="Network"/>).
/// </summary>
public sealed class Http(AtEngine engine, ModemTimeouts? timeouts = null)
{
    private readonly ModemTimeouts _timeouts = timeouts ?? new ModemTimeouts();

    /// <summary>AT+HTTPINIT. Fails if a session is already open: call <see cref="TerminateAsync"/> first to recover (§4).</summary>
    public Task InitAsync(CancellationToken cancellationToken = default) =>
        Run(new AtCommand("AT+HTTPINIT"), cancellationToken);

    /// <summary>AT+HTTPTERM. With <paramref name="ignoreErrors"/> (recovery path) an ERROR is not thrown.</summary>
    public async Task TerminateAsync(bool ignoreErrors = false, CancellationToken cancellationToken = default)
    {
        var response = await engine.ExecuteAsync(new AtCommand("AT+HTTPTERM"), cancellationToken).ConfigureAwait(false);
        if (!ignoreErrors)
        {
            response.EnsureOk();
        }
    }

    /// <summary>AT+HTTPSSL=0|1 (the URL scheme also selects TLS on this firmware).</summary>
    public Task SetSslAsync(bool enabled, CancellationToken cancellationToken = default) =>
        Run(new AtCommand($"AT+HTTPSSL={(enabled ? 1 : 0)}"), cancellationToken);

    /// <summary>AT+HTTPPARA="&lt;tag&gt;","&lt;value&gt;".</summary>
    public Task SetParameterAsync(string tag, string value, CancellationToken cancellationToken = default) =>
        Run(new AtCommand($"AT+HTTPPARA={AtArguments.Quote(tag, "HTTP parameter name", 32)},{AtArguments.Quote(value, "HTTP parameter " + tag, ModemLimits.HttpUrlBytes)}"), cancellationToken);

    /// <summary>AT+HTTPPARA="CID",&lt;cid&gt; (required, the SAPBR bearer id).</summary>
    public Task SetCidAsync(int cid = 1, CancellationToken cancellationToken = default)
    {
        AtArguments.CheckRange(cid, 1, 3, "HTTP bearer CID");
        return Run(new AtCommand($"AT+HTTPPARA=\"CID\",{cid}"), cancellationToken);
    }

    /// <summary>AT+HTTPPARA="URL","…" (≤ 500 bytes, http:// or https://).</summary>
    public Task SetUrlAsync(string url, CancellationToken cancellationToken = default)
    {
        AtArguments.CheckText(url, "URL", ModemLimits.HttpUrlBytes);
        if (!url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new AtArgumentException($"The URL must start with http:// or https:// (got '{url.Split('?')[0]}').");
        }
        return SetParameterAsync("URL", url, cancellationToken);
    }

    /// <summary>AT+HTTPPARA="USER_DEFINED","Name: value" — one request header per call.</summary>
    public Task AddHeaderAsync(string header, CancellationToken cancellationToken = default) =>
        SetParameterAsync("USER_DEFINED", header, cancellationToken);

    /// <summary>
    /// AT+HTTPDATA=&lt;n&gt;,&lt;ms&gt;, waits for DOWNLOAD, sends exactly the body, waits for OK. The body is traced with
    /// <c>sign=</c> values masked. <paramref name="inputWindow"/> is how long the module waits for the bytes (1..120 s).
    /// </summary>
    public Task WriteBodyAsync(ReadOnlyMemory<byte> body, TimeSpan? inputWindow = null, CancellationToken cancellationToken = default)
    {
        var window = inputWindow ?? TimeSpan.FromSeconds(10);
        var ms = (int)window.TotalMilliseconds;
        AtArguments.CheckRange(ms, 1000, 120000, "HTTPDATA input time (ms)");
        if (body.Length > 64 * 1024)
        {
            throw new AtArgumentException($"The HTTP body is {body.Length} bytes; keep it under 64 KB for AT+HTTPDATA.");
        }
        var command = new AtCommand($"AT+HTTPDATA={body.Length.ToString(CultureInfo.InvariantCulture)},{ms.ToString(CultureInfo.InvariantCulture)}")
        {
            Prompt = AtPrompt.Download(body),
            Timeout = AtCommand.DefaultTimeout + window,
            TimeoutHint = "the module did not take the body (is AT+HTTPINIT done?)",
        };
        return Run(command, cancellationToken);
    }

    /// <summary>
    /// AT+HTTPACTION=&lt;0 GET|1 POST|2 HEAD&gt; → OK, then waits for <c>+HTTPACTION: m,status,len</c>. Status 600..606
    /// are module-side errors (<see cref="HttpActionResult.IsModuleError"/>), returned, not thrown.
    /// </summary>
    public async Task<HttpActionResult> ActionAsync(HttpAction action, CancellationToken cancellationToken = default)
    {
        var code = (int)action;
        var command = new AtCommand($"AT+HTTPACTION={code}")
        {
            FollowUp = new AtFollowUp("+HTTPACTION", ["+HTTPACTION:"], _timeouts.HttpAction)
            {
                SuppressRepeats = true,
                TimeoutHint = "the server did not answer in time (check the URL, the bearer (AT+SAPBR=2,1) and the network)",
            },
        };
        var response = await Run(command, cancellationToken).ConfigureAwait(false);
        var result = await response.WaitFollowUpAsync(cancellationToken).ConfigureAwait(false);
        var numbers = AtArguments.ParseIntegers(result.Line["+HTTPACTION:".Length..], response, 3);
        return new HttpActionResult(numbers[0], numbers[1], numbers[2]);
    }

    /// <summary>AT+HTTPREAD → the whole body (<c>+HTTPREAD: n</c> then n raw bytes, then OK).</summary>
    public Task<byte[]> ReadBodyAsync(CancellationToken cancellationToken = default) =>
        ReadCountedAsync(engine.Dialect.Command("AT+HTTPREAD"), cancellationToken);

    /// <summary>AT+HTTPREAD=&lt;start&gt;,&lt;length&gt; → a slice of the body.</summary>
    public Task<byte[]> ReadBodyAsync(int start, int length, CancellationToken cancellationToken = default)
    {
        AtArguments.CheckRange(start, 0, int.MaxValue, "HTTPREAD start");
        AtArguments.CheckRange(length, 1, int.MaxValue, "HTTPREAD length");
        return ReadCountedAsync(engine.Dialect.Command($"AT+HTTPREAD={start},{length}"), cancellationToken);
    }

    /// <summary>
    /// AT+HTTPHEAD → the response headers as raw text bytes. Firmware answers <c>+HTTPHEAD: n</c> or <c>+HTTPREAD: n</c>
    /// (the manual's table and its worked example disagree); an OK with neither is an error, never an empty answer.
    /// </summary>
    public Task<byte[]> ReadHeadersAsync(CancellationToken cancellationToken = default) =>
        ReadCountedAsync(engine.Dialect.Command("AT+HTTPHEAD"), cancellationToken);

    /// <summary>The counted payload of the first answer line the command claims (its <see cref="AtCommand.ResponsePrefixes"/>).</summary>
    private async Task<byte[]> ReadCountedAsync(AtCommand command, CancellationToken cancellationToken)
    {
        var response = await Run(command, cancellationToken).ConfigureAwait(false);
        foreach (var prefix in command.ResponsePrefixes)
        {
            if (response.FindLine(prefix) is { } line)
            {
                return line.Payload.ToArray();
            }
        }
        throw AtArguments.Malformed(response, string.Join(" | ", response.TextLines()));
    }

    private async Task<AtResponse> Run(AtCommand command, CancellationToken cancellationToken) =>
        (await engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).EnsureOk();
}

/// <summary>AT+HTTPACTION method codes.</summary>
public enum HttpAction
{
    Get = 0,
    Post = 1,
    Head = 2,
}

/// <summary><c>+HTTPACTION: &lt;method&gt;,&lt;status&gt;,&lt;length&gt;</c>.</summary>
public sealed record HttpActionResult(int Method, int StatusCode, int ContentLength)
{
    /// <summary>600..606: not an HTTP status but a module error (601 network, 603 DNS, 605/606 SSL; §4).</summary>
    public bool IsModuleError => StatusCode is >= 600 and <= 606;

    public bool IsSuccess => StatusCode is >= 200 and <= 299;
}
