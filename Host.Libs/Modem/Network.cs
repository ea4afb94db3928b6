using System.Net;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Packet data: attach (AT+CGATT?), the TCP/IP context (AT+CSTT, AT+CIICR, AT+CIFSR, AT+CIPSTATUS, AT+CIPSHUT),
/// the HTTP bearer (AT+SAPBR), functionality (AT+CFUN), registration (AT+CEREG?) (docs/air724-at.md §2.3, §3),
/// and the link-loss URCs as events.
/// <para>Events are raised on the AT reader thread: post to your event loop, never block.</para>
/// </summary>
public sealed class Network
{
    private readonly AtEngine _engine;

    public Network(AtEngine engine)
    {
        _engine = engine;
        engine.Urcs.Register("+CGEV: NW PDN DEACT", line => PdpDeactivated?.Invoke(line.Text));
        engine.Urcs.Register("+PDP DEACT", line => PdpDeactivated?.Invoke(line.Text));
        engine.Urcs.Register("+SAPBR 1: DEACT", line => BearerDeactivated?.Invoke(line.Text));
    }

    /// <summary>The network dropped the data context (<c>+CGEV: NW PDN DEACT 1</c>, <c>+PDP DEACT</c>); MQTT must reconnect.</summary>
    public event Action<string>? PdpDeactivated;

    /// <summary>The HTTP bearer dropped (<c>+SAPBR 1: DEACT</c>); re-open it with <see cref="OpenBearerAsync"/>.</summary>
    public event Action<string>? BearerDeactivated;

    /// <summary>AT+CGATT? → true when <c>+CGATT: 1</c>.</summary>
    public async Task<bool> IsAttachedAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(new AtCommand("AT+CGATT?"), cancellationToken).ConfigureAwait(false);
        return AtArguments.ValueAfter(response, "+CGATT:") == "1";
    }

    /// <summary>AT+CEREG? → registration status (1 home, 5 roaming, 2 searching, 3 denied).</summary>
    public async Task<int> GetPacketRegistrationAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(new AtCommand("AT+CEREG?"), cancellationToken).ConfigureAwait(false);
        var value = AtArguments.ValueAfter(response, "+CEREG:") ?? throw AtArguments.Malformed(response, response.Final);
        return AtArguments.ParseIntegers(value, response, 2)[1];
    }

    /// <summary>
    /// <c>AT+CEREG=2</c>: the registration answer carries the location from now on (3GPP TS 27.007 §10.1.22), until the
    /// module restarts. A <c>+CEREG:</c> line the module then prints on a cell change is a URC the host already takes.
    /// </summary>
    public Task ReportCellLocationAsync(CancellationToken cancellationToken = default) =>
        Run(new AtCommand("AT+CEREG=2"), cancellationToken);

    /// <summary>
    /// The serving cell, once <see cref="ReportCellLocationAsync"/> was sent: <c>AT+CEREG?</c> →
    /// <c>+CEREG: 2,1,"tac","ci",7</c>. Null while not registered or without the location.
    /// </summary>
    public async Task<ServingCell?> GetServingCellAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(new AtCommand("AT+CEREG?"), cancellationToken).ConfigureAwait(false);
        var value = AtArguments.ValueAfter(response, "+CEREG:");
        return value is null ? null : ServingCell.FromCeregAnswer(value);
    }

    /// <summary>
    /// AT+CSTT (network APN, firmware ≥ V980) or AT+CSTT="apn","user","pwd". Valid only in IP INITIAL (§3).
    /// The password is registered with the redactor.
    /// </summary>
    public async Task SetApnAsync(string? apn = null, string? user = null, string? password = null, CancellationToken cancellationToken = default)
    {
        var text = "AT+CSTT";
        if (apn is not null)
        {
            text += "=" + AtArguments.Quote(apn, "APN", ModemLimits.ApnBytes)
                + "," + AtArguments.Quote(user ?? "", "APN user", ModemLimits.ApnCredentialBytes)
                + "," + AtArguments.Quote(password ?? "", "APN password", ModemLimits.ApnCredentialBytes);
            _engine.Redactor.Register(password);
        }
        await Run(Command(text), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AT+CIICR: activates the wireless context (up to 90 s).</summary>
    public Task ActivateContextAsync(CancellationToken cancellationToken = default) =>
        Run(Command("AT+CIICR"), cancellationToken);

    /// <summary>AT+CIFSR → the local IP; the answer is a bare IPv4 line with no OK, octets possibly zero-padded.</summary>
    public async Task<IPAddress> GetLocalIpAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(Command("AT+CIFSR"), cancellationToken).ConfigureAwait(false);
        return AtCompletion.TryParseIPv4(response.Final, out var ip) ? ip! : throw AtArguments.Malformed(response, response.Final);
    }

    /// <summary>AT+CIPSTATUS → the STATE text (<c>IP INITIAL</c>, <c>IP GPRSACT</c>, <c>CONNECT OK</c>, <c>PDP DEACT</c> …); OK comes before STATE (§3).</summary>
    public async Task<string> GetConnectionStateAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(Command("AT+CIPSTATUS"), cancellationToken).ConfigureAwait(false);
        return AtArguments.ValueAfter(response, "STATE:") ?? throw AtArguments.Malformed(response, response.Final);
    }

    /// <summary>AT+CIPSHUT → SHUT OK: closes everything, back to IP INITIAL.</summary>
    public Task ShutAsync(CancellationToken cancellationToken = default) =>
        Run(Command("AT+CIPSHUT"), cancellationToken);

    /// <summary>AT+SAPBR=3,1,"CONTYPE","GPRS" and AT+SAPBR=3,1,"APN","&lt;apn&gt;" (empty = automatic APN).</summary>
    public async Task ConfigureBearerAsync(string apn = "", CancellationToken cancellationToken = default)
    {
        await SetBearerParameterAsync("CONTYPE", "GPRS", cancellationToken).ConfigureAwait(false);
        await SetBearerParameterAsync("APN", apn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>AT+SAPBR=3,1,"tag","value".</summary>
    public Task SetBearerParameterAsync(string tag, string value, CancellationToken cancellationToken = default) =>
        Run(Command($"AT+SAPBR=3,1,{AtArguments.Quote(tag, "bearer parameter name", 32)},{AtArguments.Quote(value, "bearer parameter " + tag, ModemLimits.ApnBytes)}"), cancellationToken);

    /// <summary>AT+SAPBR=1,1: opens the bearer (up to 85 s).</summary>
    public Task OpenBearerAsync(CancellationToken cancellationToken = default) =>
        Run(Command("AT+SAPBR=1,1") with { TimeoutHint = "the bearer did not come up (check attach with AT+CGATT? and the APN)" }, cancellationToken);

    /// <summary>
    /// AT+SAPBR=2,1 → <c>+SAPBR: 1,&lt;status&gt;,"&lt;ip&gt;"</c>; the address may also come unquoted and zero-padded
    /// (openLuat AT manual, SAPBR; RT-Thread's Air720 driver), and is returned normalised (<c>10.99.214.51</c>).
    /// </summary>
    public async Task<BearerStatus> QueryBearerAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(Command("AT+SAPBR=2,1"), cancellationToken).ConfigureAwait(false);
        var value = AtArguments.ValueAfter(response, "+SAPBR:") ?? throw AtArguments.Malformed(response, response.Final);
        var parts = value.Split(',', 3, StringSplitOptions.TrimEntries);
        var numbers = AtArguments.ParseIntegers(string.Join(',', parts.Take(2)), response, 2);
        var address = parts.Length > 2 ? parts[2].Trim('"') : "";
        return new BearerStatus(numbers[0], numbers[1], AtCompletion.TryParseIPv4(address, out var ip) ? ip!.ToString() : address);
    }

    /// <summary>AT+SAPBR=0,1. Returns false when the bearer was already down (<c>+CME ERROR: 3</c>, §3).</summary>
    public async Task<bool> CloseBearerAsync(CancellationToken cancellationToken = default)
    {
        var response = await _engine.ExecuteAsync(Command("AT+SAPBR=0,1"), cancellationToken).ConfigureAwait(false);
        if (response.IsOk)
        {
            return true;
        }
        return response.ErrorCode == 3 ? false : throw new AtCommandFailedException(response);
    }

    /// <summary>AT+CFUN=&lt;mode&gt;[,1]: 0 minimum, 1 full, 4 flight; <paramref name="reset"/> restarts the module.</summary>
    public Task SetFunctionalityAsync(int mode, bool reset = false, CancellationToken cancellationToken = default)
    {
        if (mode is not (0 or 1 or 4))
        {
            throw new AtArgumentException($"AT+CFUN mode {mode} is not supported; use 0 (minimum), 1 (full) or 4 (flight).");
        }
        return Run(Command($"AT+CFUN={mode}{(reset ? ",1" : "")}"), cancellationToken);
    }

    /// <summary>AT+CFUN? → the current mode.</summary>
    public async Task<int> GetFunctionalityAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run(new AtCommand("AT+CFUN?"), cancellationToken).ConfigureAwait(false);
        var value = AtArguments.ValueAfter(response, "+CFUN:") ?? throw AtArguments.Malformed(response, response.Final);
        return AtArguments.ParseIntegers(value, response, 1)[0];
    }

    private AtCommand Command(string text) => _engine.Dialect.Command(text);

    private async Task<AtResponse> Run(AtCommand command, CancellationToken cancellationToken) =>
        (await _engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).EnsureOk();
}

/// <summary>AT+SAPBR=2,1 answer: status 1 connected, 0 connecting, 2 closing, 3 closed.</summary>
public sealed record BearerStatus(int Cid, int Status, string IpAddress)
{
    public bool IsConnected => Status == 1;
}
