using System.Net;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The one network bring-up of a module, TinyGSM style (<c>waitForNetwork</c> then <c>gprsConnect</c>): wait for the
/// SIM, for registration, for packet attach (never while the module reports no service), then the TCP/IP context
/// (<c>AT+CIFSR</c>, else <c>AT+CSTT</c>/<c>AT+CIICR</c>) or the SAPBR bearer the HTTP and MQTT commands need.
/// The Lua <c>sim</c>/<c>net</c>/<c>link</c> modules and the Aliyun client call these steps; none of them speaks AT
/// for it any more. Each step polls with the caller's interval and never blocks a thread.
/// </summary>
public sealed class NetworkBringUp(Identity identity, Network network, LinkMonitor link)
{
    /// <summary>The SIM is there: <c>AT+CPIN?</c> says READY; ICCID and IMSI as read right after.</summary>
    public async Task<SimIdentity> WaitForSimAsync(TimeSpan poll, Action? missing = null, CancellationToken cancellationToken = default)
    {
        var reportedMissing = false;
        while (true)
        {
            var status = await TryAsync(() => identity.GetSimStatusAsync(cancellationToken)).ConfigureAwait(false);
            if (status?.IsReady == true)
            {
                break;
            }
            if (status?.State == SimState.NotInserted && !reportedMissing)
            {
                reportedMissing = true;
                missing?.Invoke();
            }
            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
        var iccid = await TryAsync(() => identity.GetIccidAsync(cancellationToken)).ConfigureAwait(false) ?? "";
        var imsi = await TryAsync(() => identity.GetImsiAsync(cancellationToken)).ConfigureAwait(false) ?? "";
        return new SimIdentity(iccid, imsi.Length > 0 && char.IsAsciiDigit(imsi[0]) ? imsi : "");
    }

    /// <summary>Registered on the packet network: <c>AT+CEREG?</c> status 1 (home) or 5 (roaming).</summary>
    public async Task WaitForRegistrationAsync(TimeSpan poll, CancellationToken cancellationToken = default)
    {
        while (await TryAsync(() => network.GetPacketRegistrationAsync(cancellationToken)).ConfigureAwait(false) is not (1 or 5))
        {
            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Attached (<c>AT+CGATT?</c> = 1). While the module reports no service (<c>^MODE: 0,0</c>, SIM removed) it waits for
    /// service to return first instead of polling a module that cannot attach. <paramref name="waiting"/> runs once when
    /// the first look finds it not attached.
    /// </summary>
    public async Task WaitForAttachAsync(TimeSpan poll, Action? waiting = null, CancellationToken cancellationToken = default)
    {
        var reported = false;
        while (true)
        {
            await link.WaitForServiceAsync(cancellationToken).ConfigureAwait(false);
            if (await TryAsync(() => network.IsAttachedAsync(cancellationToken)).ConfigureAwait(false) == true)
            {
                return;
            }
            if (!reported)
            {
                reported = true;
                waiting?.Invoke();
            }
            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The TCP/IP context Luat's <c>link</c> brings up: a bare address from <c>AT+CIFSR</c> means it is up; otherwise
    /// <c>AT+CSTT</c> (network APN) and <c>AT+CIICR</c>, and on failure <c>AT+CIPSHUT</c> and again.
    /// </summary>
    public async Task<IPAddress> ActivateContextAsync(TimeSpan poll, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var ip = await TryAsync(() => network.GetLocalIpAsync(cancellationToken)).ConfigureAwait(false);
            if (ip is null)
            {
                await TryAsync(async () => { await network.SetApnAsync(cancellationToken: cancellationToken).ConfigureAwait(false); return true; }).ConfigureAwait(false);
                await TryAsync(async () => { await network.ActivateContextAsync(cancellationToken).ConfigureAwait(false); return true; }).ConfigureAwait(false);
                ip = await TryAsync(() => network.GetLocalIpAsync(cancellationToken)).ConfigureAwait(false);
            }
            if (ip is not null)
            {
                return ip;
            }
            await TryAsync(async () => { await network.ShutAsync(cancellationToken).ConfigureAwait(false); return true; }).ConfigureAwait(false);
            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Opens the SAPBR bearer unless it is already up (the HTTP commands need it; Luat opens it before MQTT too).</summary>
    public async Task EnsureBearerAsync(CancellationToken cancellationToken = default)
    {
        var status = await network.QueryBearerAsync(cancellationToken).ConfigureAwait(false);
        if (status.IsConnected)
        {
            return;
        }
        await network.ConfigureBearerAsync("", cancellationToken).ConfigureAwait(false);
        await network.OpenBearerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Luat's <c>link.shut</c> after repeated failures: drop the bearer (already down is fine) and open it again.</summary>
    public async Task ResetBearerAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await network.CloseBearerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AtCommandFailedException)
        {
            // Closing a bearer that another error already took down: open it anyway.
        }
        await EnsureBearerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A poll step: an error answer or a slow module means "not yet", anything else (link closed, cancel) ends the wait.</summary>
    private static async Task<T?> TryAsync<T>(Func<Task<T>> step)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (AtException ex) when (ex is AtCommandFailedException or AtTimeoutException or AtModuleRebootedException)
        {
            return default;
        }
    }
}

/// <summary>The SIM's ICCID and IMSI ("" when the module would not say).</summary>
public sealed record SimIdentity(string Iccid, string Imsi);
