using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Basic and identity commands: AT, ATE0/ATE1, AT+CGMR, AT+CGMM, AT+CGSN, AT+WISN, AT+ICCID, AT+CIMI, AT+CPIN?, AT+CSQ
/// (at-commands.md §2.3). Every method sends exactly one family member and parses its answer.
/// </summary>
public sealed class Identity(AtEngine engine)
{
    /// <summary>AT → OK. Throws on ERROR/timeout.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default) =>
        (await engine.ExecuteAsync(new AtCommand("AT"), cancellationToken).ConfigureAwait(false)).EnsureOk();

    /// <summary>
    /// Readiness is "AT answers OK", not "saw RDY" (RDY is absent under autobaud, §2.1): sends AT with a short timeout
    /// until OK or until <paramref name="budget"/> is spent (the manual budgets 90 s after power-on, §2.2).
    /// </summary>
    public async Task WaitUntilReadyAsync(TimeSpan budget, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + budget;
        var probe = new AtCommand("AT") { Timeout = TimeSpan.FromSeconds(1) };
        string lastAnswer = "no answer";
        while (true)
        {
            try
            {
                var response = await engine.ExecuteAsync(probe, cancellationToken).ConfigureAwait(false);
                if (response.IsOk)
                {
                    return;
                }
                // +CME ERROR: 4 for ~30 s after power-on means "not ready yet" (§8).
                lastAnswer = response.Final;
            }
            catch (AtTimeoutException)
            {
                lastAnswer = "no answer";
            }
            catch (AtModuleRebootedException)
            {
                // A module still booting prints RDY while the probe is in flight: that means "ready soon".
                lastAnswer = "RDY (module starting)";
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new AtTimeoutException($"AT timed out after {budget.TotalSeconds:0} s (last: {lastAnswer}); the module is not ready: check power, the port and the baud rate, or reset the module.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>ATE1 / ATE0. Drivers switch echo off first; the engine works either way.</summary>
    public async Task SetEchoAsync(bool on, CancellationToken cancellationToken = default) =>
        (await engine.ExecuteAsync(new AtCommand(on ? "ATE1" : "ATE0"), cancellationToken).ConfigureAwait(false)).EnsureOk();

    /// <summary>AT+CGMR → <c>AirM2M_720U_V401581_LTE_AT</c> (answer <c>+CGMR: "…"</c> or bare).</summary>
    public async Task<string> GetFirmwareVersionAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run("AT+CGMR", cancellationToken).ConfigureAwait(false);
        return AtArguments.ValueOrBareLine(response, "+CGMR:", "firmware version");
    }

    /// <summary>AT+CGMM → the model name.</summary>
    public async Task<string> GetModelAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run("AT+CGMM", cancellationToken).ConfigureAwait(false);
        return AtArguments.ValueOrBareLine(response, "+CGMM:", "model");
    }

    /// <summary>AT+CGSN → the 15-digit IMEI; the answer is a bare line without prefix (§2.3).</summary>
    public async Task<string> GetImeiAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run("AT+CGSN", cancellationToken).ConfigureAwait(false);
        var imei = AtArguments.ValueOrBareLine(response, "+CGSN:", "IMEI");
        return imei.Length >= 15 && !imei.AsSpan(0, 15).ContainsAnyExceptInRange('0', '9') ? imei[..15] : imei;
    }

    /// <summary>
    /// AT+WISN? → the module's writable SN (Luat's dynamic-registration demos keep the DeviceSecret there), or "" when
    /// none is stored (the module prints <c>*CME ERROR: Missing SN</c> as data, then OK). The SN is registered with the
    /// redactor: it may be a secret.
    /// </summary>
    public async Task<string> GetSnAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run("AT+WISN?", cancellationToken).ConfigureAwait(false);
        foreach (var line in response.Lines)
        {
            var text = line.Text.Trim();
            if (text.Length == 0)
            {
                continue;
            }
            if (text.Contains("ERROR", StringComparison.Ordinal))
            {
                return "";
            }
            var sn = text.StartsWith("+WISN:", StringComparison.Ordinal) ? text[6..].Trim().Trim('"') : text;
            engine.Redactor.Register(sn);
            return sn;
        }
        return "";
    }

    /// <summary>AT+WISN="sn" (persistent in the module), then reads it back; true when the module now holds <paramref name="sn"/>.</summary>
    public async Task<bool> SetSnAsync(string sn, CancellationToken cancellationToken = default)
    {
        // No length limit is documented for the SN (a DeviceSecret is 32 characters); only quotes and line breaks are refused.
        var quoted = AtArguments.Quote(sn, "SN", int.MaxValue);
        engine.Redactor.Register(sn);
        var response = await engine.ExecuteAsync(new AtCommand("AT+WISN=" + quoted), cancellationToken).ConfigureAwait(false);
        return response.IsOk && await GetSnAsync(cancellationToken).ConfigureAwait(false) == sn;
    }

    /// <summary>AT+ICCID → the SIM's ICCID.</summary>
    public async Task<string> GetIccidAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run("AT+ICCID", cancellationToken).ConfigureAwait(false);
        return AtArguments.ValueOrBareLine(response, "+ICCID:", "ICCID");
    }

    /// <summary>AT+CIMI → the IMSI (bare line).</summary>
    public async Task<string> GetImsiAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run("AT+CIMI", cancellationToken).ConfigureAwait(false);
        return AtArguments.ValueOrBareLine(response, "+CIMI:", "IMSI");
    }

    /// <summary>AT+CPIN? → READY, or the error codes the module uses for "no SIM" (10) and "SIM busy" (14).</summary>
    public async Task<SimStatus> GetSimStatusAsync(CancellationToken cancellationToken = default)
    {
        var response = await engine.ExecuteAsync(engine.Dialect.Command("AT+CPIN?"), cancellationToken).ConfigureAwait(false);
        if (!response.IsOk)
        {
            return response.ErrorCode switch
            {
                10 => new SimStatus(SimState.NotInserted, response.Final),
                14 => new SimStatus(SimState.Busy, response.Final),
                _ => throw new AtCommandFailedException(response, "check the SIM card"),
            };
        }
        var state = AtArguments.ValueAfter(response, "+CPIN:") ?? throw AtArguments.Malformed(response, string.Join(" | ", response.TextLines()));
        return new SimStatus(state == "READY" ? SimState.Ready : SimState.Locked, state);
    }

    /// <summary>AT+CSQ → rssi 0..31 (99 unknown) and ber.</summary>
    public async Task<SignalQuality> GetSignalQualityAsync(CancellationToken cancellationToken = default)
    {
        var response = await Run("AT+CSQ", cancellationToken).ConfigureAwait(false);
        var value = AtArguments.ValueAfter(response, "+CSQ:") ?? throw AtArguments.Malformed(response, response.Final);
        var numbers = AtArguments.ParseIntegers(value, response, 2);
        return new SignalQuality(numbers[0], numbers[1]);
    }

    private async Task<AtResponse> Run(string text, CancellationToken cancellationToken) =>
        (await engine.ExecuteAsync(engine.Dialect.Command(text), cancellationToken).ConfigureAwait(false)).EnsureOk();
}

public enum SimState
{
    Ready,
    NotInserted,
    Busy,

    /// <summary>SIM PIN, SIM PUK … (the raw text is in <see cref="SimStatus.Text"/>).</summary>
    Locked,
}

/// <summary>The SIM state and the module's own text for it (READY, SIM PIN, +CME ERROR: 10 …).</summary>
public sealed record SimStatus(SimState State, string Text)
{
    public bool IsReady => State == SimState.Ready;
}

/// <summary>AT+CSQ values: rssi 0..31 (99 = unknown), ber 0..7 (99 = unknown).</summary>
public sealed record SignalQuality(int Rssi, int BitErrorRate)
{
    public bool IsKnown => Rssi is >= 0 and <= 31;

    /// <summary>dBm per 27.007: 0 → -113, 31 → -51; null when unknown.</summary>
    public int? Dbm => IsKnown ? -113 + 2 * Rssi : null;
}
