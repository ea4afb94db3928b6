using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Runtime;

namespace LuatHost.Luat.Device;

/// <summary>
/// The module's network state as sim/net/link report it. The steps are the module's one bring-up
/// (<see cref="NetworkBringUp"/>: SIM, registration, attach, TCP/IP context) and the link-state model
/// (<see cref="LinkMonitor"/>) says when the context is gone; this class only turns them into the Luat messages
/// scripts wait for — SIM_IND, NET_STATE_REGISTERED, GPRS_ATTACH, IP_READY_IND, IP_ERROR_IND. Runs off the Lua
/// thread; the messages reach Lua through the pump.
/// </summary>
public sealed class NetworkWatcher : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);
    private readonly LuatContext _context;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _linkLost = new(0);
    private readonly object _gate = new();
    private Task? _run;
    private volatile bool _linkUp;
    private volatile bool _switchingFlightMode;
    private TaskCompletionSource _flightModeOff = CompletedSource();

    private NetworkWatcher(LuatContext context) => _context = context;

    public static NetworkWatcher For(LuatContext context) => context.GetService(static c => new NetworkWatcher(c));

    public string SimStatus { get; private set; } = "NORDY";
    public string Iccid { get; private set; } = "";
    public string Imsi { get; private set; } = "";
    public string NetState { get; private set; } = "INIT";
    public int Rssi { get; private set; }

    /// <summary>The cell the module is registered on, once it has said (<see cref="QueryCellAsync"/>).</summary>
    public ServingCell? Cell { get; private set; }
    public bool Attached { get; private set; }
    public string? LocalIp { get; private set; }
    public bool IsFlightMode { get; private set; }

    /// <summary>Starts the bring-up once per power-on (a no-op without a module).</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_run is not null || _context.Device is not { } device) return;
            // The network dropping the data context (or the service, or a reboot): Luat sees IP_ERROR_IND, then re-activates.
            device.Modem.Link.Changed += OnLinkChanged;
            _context.Track(new DisposeAction(() => device.Modem.Link.Changed -= OnLinkChanged));
            _run = Task.Run(RunAsync);
        }
    }

    /// <summary>link.shut: deactivate the bearer; the watcher publishes IP_ERROR_IND and brings it up again.</summary>
    public async Task ShutAsync()
    {
        await TryAsync(m => m.Network.ShutAsync(_stopping.Token)).ConfigureAwait(false);
        _linkLost.Release();
    }

    /// <summary>net.switchFly: AT+CFUN=0/1, FLYMODE published; leaving flight mode re-runs the bring-up.</summary>
    public async Task SwitchFlyAsync(bool on)
    {
        // AT+CFUN=0 makes the module print the service-loss URCs; Luat publishes FLYMODE before IP_ERROR_IND, so in
        // flight mode the loss is released below, after FLYMODE, and the link monitor's report of it is ignored.
        if (on) _switchingFlightMode = true;
        var switched = await TryAsync(m => m.Network.SetFunctionalityAsync(on ? 0 : 1, cancellationToken: _stopping.Token)).ConfigureAwait(false);
        if (!on && switched || on && !switched) _switchingFlightMode = false;
        if (!switched) return;
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

    /// <summary>Asks the module for its serving cell (net.getLac/getCi/getCellInfoExt read it).</summary>
    public async Task QueryCellAsync()
    {
        ServingCell? cell = null;
        if (await TryAsync(async m => cell = await m.Network.GetServingCellAsync(_stopping.Token).ConfigureAwait(false)).ConfigureAwait(false) && cell is not null)
        {
            var known = cell;
            _context.Messages.PostToLua(_ => Cell = known);
        }
    }

    /// <summary>One AT+CSQ: updates the rssi and publishes GSM_SIGNAL_REPORT_IND(ok, rssi).</summary>
    public async Task QuerySignalAsync()
    {
        SignalQuality? signal = null;
        if (!await TryAsync(async m => signal = await m.Identity.GetSignalQualityAsync(_stopping.Token).ConfigureAwait(false)).ConfigureAwait(false)) return;
        var rssi = signal!.Rssi;
        Update(() => Rssi = rssi, "GSM_SIGNAL_REPORT_IND", true, (long)rssi);
    }

    private async Task RunAsync()
    {
        var token = _stopping.Token;
        var device = _context.Device!;
        var bringUp = device.Modem.BringUp;
        try
        {
            await device.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), token).ConfigureAwait(false);
            var sim = await bringUp.WaitForSimAsync(PollInterval, () => Update(() => SimStatus = "NIST", "SIM_IND", "NIST"), token).ConfigureAwait(false);
            Update(() => (Iccid, Imsi, SimStatus) = (sim.Iccid, sim.Imsi, "RDY"), "SIM_IND", "RDY");
            if (sim.Imsi.Length > 0) _context.Publish("IMSI_READY");
            while (!token.IsCancellationRequested)
            {
                Task flightOff;
                lock (_gate) flightOff = _flightModeOff.Task;
                await flightOff.WaitAsync(token).ConfigureAwait(false);
                await bringUp.WaitForRegistrationAsync(PollInterval, token).ConfigureAwait(false);
                _context.Publish("NET_UPD_NET_MODE", 4L);
                Update(() => NetState = "REGISTERED", "NET_STATE_REGISTERED");
                await QuerySignalAsync().ConfigureAwait(false);
                // Once per registration (a restart of the module passes through here again), not on every poll.
                await TryAsync(m => m.Network.ReportCellLocationAsync(_stopping.Token)).ConfigureAwait(false);
                await QueryCellAsync().ConfigureAwait(false);
                await bringUp.WaitForAttachAsync(PollInterval, cancellationToken: token).ConfigureAwait(false);
                Update(() => Attached = true, "GPRS_ATTACH", true);
                var ip = (await bringUp.ActivateContextAsync(PollInterval, token).ConfigureAwait(false)).ToString();
                _linkUp = true;
                Update(() => LocalIp = ip, "IP_READY_IND");
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

    /// <summary>Reader thread: the context is gone when the PDN, the service or the SIM is, or the module rebooted.</summary>
    private void OnLinkChanged(LinkChange change)
    {
        if (_linkUp && !_switchingFlightMode && change.Signal is LinkSignal.PdnDown or LinkSignal.Detached or LinkSignal.ServiceLost or LinkSignal.SimRemoved or LinkSignal.ModuleRebooted)
        {
            _linkUp = false;
            _linkLost.Release();
        }
    }

    // State the scripts read changes on the Lua thread in the same step that publishes the message,
    // so `link.isReady()` never turns true before IP_READY_IND is delivered (as in Luat).
    private void Update(Action apply, string message, params object?[] args)
    {
        _context.Messages.PostToLua(_ => apply());
        _context.Publish(message, args);
    }

    /// <summary>A script-asked command: an error answer is "false", not a crash of the caller.</summary>
    private async Task<bool> TryAsync(Func<Air724, Task> step)
    {
        if (_context.Device is not { } device) return false;
        try
        {
            await step(device.Modem).ConfigureAwait(false);
            return true;
        }
        catch (AtException)
        {
            return false;
        }
    }

    private static TaskCompletionSource CompletedSource()
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        source.SetResult();
        return source;
    }

    public void Dispose() => _stopping.Cancel();
}
