using System.Text.RegularExpressions;

namespace LuatHost.Luat.Device;

/// <summary>
/// The module's network state as sim/net/link report it, driven over AT like Luat's own stack:
/// SIM (+CPIN), registration (+CEREG), signal (+CSQ), attach (+CGATT) and the bearer
/// (CSTT/CIICR/CIFSR). Each change is published as the Luat message scripts wait for — SIM_IND,
/// NET_STATE_REGISTERED, GPRS_ATTACH, IP_READY_IND, IP_ERROR_IND. Runs off the Lua thread; the
/// messages reach Lua through the pump.
/// </summary>
public sealed partial class NetworkWatcher : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly string[] LinkLostUrcs = ["+CGEV", "+PDP: DEACT"];
    private readonly LuatContext _context;
    private readonly AtRequestQueue _at;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _linkLost = new(0);
    private readonly object _gate = new();
    private Task? _run;
    private volatile bool _linkUp;
    private TaskCompletionSource _flightModeOff = CompletedSource();

    private NetworkWatcher(LuatContext context)
    {
        _context = context;
        _at = AtRequestQueue.For(context);
    }

    public static NetworkWatcher For(LuatContext context) => context.GetService(static c => new NetworkWatcher(c));

    public string SimStatus { get; private set; } = "NORDY";
    public string Iccid { get; private set; } = "";
    public string Imsi { get; private set; } = "";
    public string NetState { get; private set; } = "INIT";
    public int Rssi { get; private set; }
    public bool Attached { get; private set; }
    public string? LocalIp { get; private set; }
    public bool IsFlightMode { get; private set; }

    /// <summary>Starts the bring-up once per power-on (a no-op without a module).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_run is not null || _context.Device is not { } device) return;
            // The network dropping the PDP context: Luat sees it as IP_ERROR_IND, then re-activates.
            foreach (var prefix in LinkLostUrcs)
            {
                device.At.Urcs.AddPrefix(prefix);
                _context.Track(device.At.Urcs.Register(prefix, line =>
                {
                    if (line.Text.Contains("DEACT", StringComparison.Ordinal) && _linkUp) _linkLost.Release();
                }));
            }
            // A module reboot drops the bearer too; the bring-up then runs again from registration.
            device.At.Rebooted += OnModuleRebooted;
            _context.Track(new Unsubscribe(() => device.At.Rebooted -= OnModuleRebooted));
            _run = Task.Run(RunAsync);
        }
    }

    /// <summary>link.shut: deactivate the bearer; the watcher publishes IP_ERROR_IND and brings it up again.</summary>
    public async Task ShutAsync()
    {
        await _at.ExecuteAsync("AT+CIPSHUT").ConfigureAwait(false);
        _linkLost.Release();
    }

    /// <summary>net.switchFly: AT+CFUN=0/1, FLYMODE published; leaving flight mode re-runs the bring-up.</summary>
    public async Task SwitchFlyAsync(bool on)
    {
        var reply = await _at.ExecuteAsync(on ? "AT+CFUN=0" : "AT+CFUN=1").ConfigureAwait(false);
        if (!reply.Ok) return;
        Update(() => IsFlightMode = on, "FLYMODE", on);
        lock (_gate)
        {
            if (on)
            {
                _flightModeOff = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _linkLost.Release();
            }
            else
            {
                _flightModeOff.TrySetResult();
            }
        }
    }

    /// <summary>One AT+CSQ: updates the rssi and publishes GSM_SIGNAL_REPORT_IND(ok, rssi).</summary>
    public async Task QuerySignalAsync()
    {
        var reply = await _at.ExecuteAsync("AT+CSQ").ConfigureAwait(false);
        var value = reply.Ok ? reply.Value("+CSQ") : null;
        if (value is null || !int.TryParse(value.Split(',')[0], out var rssi)) return;
        Update(() => Rssi = rssi, "GSM_SIGNAL_REPORT_IND", true, (long)rssi);
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        try
        {
            await _context.Device!.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), token).ConfigureAwait(false);
            await WaitForSimAsync(token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                Task flightOff;
                lock (_gate) flightOff = _flightModeOff.Task;
                await flightOff.WaitAsync(token).ConfigureAwait(false);
                await WaitForRegistrationAsync(token).ConfigureAwait(false);
                await QuerySignalAsync().ConfigureAwait(false);
                await WaitForAttachAsync(token).ConfigureAwait(false);
                await ActivateBearerAsync(token).ConfigureAwait(false);
                await _linkLost.WaitAsync(token).ConfigureAwait(false);
                _linkUp = false;
                Update(() => (LocalIp, Attached, NetState) = (null, false, "UNREGISTER"), "IP_ERROR_IND");
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            _context.Options.Diagnose($"network bring-up stopped: {ex.Message}");
        }
    }

    private async Task WaitForSimAsync(CancellationToken token)
    {
        var reportedMissing = false;
        while (true)
        {
            var reply = await _at.ExecuteAsync("AT+CPIN?").ConfigureAwait(false);
            if (reply.Value("+CPIN")?.Contains("READY", StringComparison.Ordinal) == true) break;
            if (!reportedMissing && reply.Final.Contains("10", StringComparison.Ordinal))
            {
                reportedMissing = true;
                Update(() => SimStatus = "NIST", "SIM_IND", "NIST");
            }
            await Task.Delay(PollInterval, token).ConfigureAwait(false);
        }
        var iccid = (await _at.ExecuteAsync("AT+ICCID").ConfigureAwait(false)).Value("+ICCID") ?? "";
        var imsi = (await _at.ExecuteAsync("AT+CIMI").ConfigureAwait(false)).Lines
            .FirstOrDefault(l => l.Length > 0 && char.IsAsciiDigit(l[0])) ?? "";
        Update(() => (Iccid, Imsi, SimStatus) = (iccid, imsi, "RDY"), "SIM_IND", "RDY");
        if (imsi.Length > 0) _context.Publish("IMSI_READY");
    }

    private async Task WaitForRegistrationAsync(CancellationToken token)
    {
        while (true)
        {
            var stat = (await _at.ExecuteAsync("AT+CEREG?").ConfigureAwait(false)).Value("+CEREG")?.Split(',');
            if (stat is { Length: >= 2 } && stat[1].Trim() is "1" or "5") break;
            await Task.Delay(PollInterval, token).ConfigureAwait(false);
        }
        _context.Publish("NET_UPD_NET_MODE", 4L);
        Update(() => NetState = "REGISTERED", "NET_STATE_REGISTERED");
    }

    private async Task WaitForAttachAsync(CancellationToken token)
    {
        while ((await _at.ExecuteAsync("AT+CGATT?").ConfigureAwait(false)).Value("+CGATT")?.Trim() != "1")
            await Task.Delay(PollInterval, token).ConfigureAwait(false);
        Update(() => Attached = true, "GPRS_ATTACH", true);
    }

    // The TCP/IP context: a bare IP from AT+CIFSR means it is already up; otherwise CSTT + CIICR first.
    private async Task ActivateBearerAsync(CancellationToken token)
    {
        while (true)
        {
            var ip = FindIp(await _at.ExecuteAsync("AT+CIFSR").ConfigureAwait(false));
            if (ip is null)
            {
                await _at.ExecuteAsync("AT+CSTT").ConfigureAwait(false);
                await _at.ExecuteAsync("AT+CIICR").ConfigureAwait(false);
                ip = FindIp(await _at.ExecuteAsync("AT+CIFSR").ConfigureAwait(false));
            }
            if (ip is not null)
            {
                _linkUp = true;
                Update(() => LocalIp = ip, "IP_READY_IND");
                return;
            }
            await _at.ExecuteAsync("AT+CIPSHUT").ConfigureAwait(false);
            await Task.Delay(PollInterval, token).ConfigureAwait(false);
        }
    }

    // State the scripts read changes on the Lua thread in the same step that publishes the message,
    // so `link.isReady()` never turns true before IP_READY_IND is delivered (as in Luat).
    private void Update(Action apply, string message, params object?[] args)
    {
        _context.Messages.PostToLua(_ => apply());
        _context.Publish(message, args);
    }

    private static string? FindIp(AtReply reply) =>
        reply.Lines.Append(reply.Final).Select(l => Ipv4().Match(l)).FirstOrDefault(m => m.Success)?.Value;

    [GeneratedRegex(@"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex Ipv4();

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    private void OnModuleRebooted(LuatHost.At.ModuleRebootEvent _)
    {
        if (_linkUp) _linkLost.Release();
    }

    public void Dispose() => _stopping.Cancel();

    private sealed class Unsubscribe(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
