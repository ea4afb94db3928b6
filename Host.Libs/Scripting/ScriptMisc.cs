using LuatHost.Aliyun;
using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// The `misc` global: Luat's lib/misc.lua identity part over the module's AT commands — the same start-up read as the
/// Lua misc (<see cref="ModuleIdentityRead"/>: AT+CGSN, AT+WISN?, AT+CGMM). As in Luat, the identity is read once
/// when the run starts; the Luat getters return "" until the answer arrived, then IMEI_READY_IND, SN_READY_IND and
/// MODEL_NUMBER_READY_IND are published. The async forms wait for the answer instead.
/// <code>
/// var imei = await misc.GetImeiAsync();                 // or misc.getImei() after IMEI_READY_IND
/// bool stored = await misc.SetSnAsync(deviceSecret);    // AT+WISN="…", read back
/// </code>
/// </summary>
public sealed class ScriptMisc
{
    private readonly ScriptDevice? _device;
    private readonly LuatMessageBus _bus;
    private readonly ScriptLog _log;
    private readonly Lazy<Task> _fetch;
    private volatile string _imei = "";
    private volatile string _sn = "";
    private volatile string _model = "";

    internal ScriptMisc(ScriptDevice? device, LuatMessageBus bus, ScriptLog log)
    {
        _device = device;
        _bus = bus;
        _log = log;
        _fetch = new Lazy<Task>(() => Task.Run(() => FetchAsync(device!.Modem)));
    }

#pragma warning disable IDE1006 // Luat's names, so a Lua flow ports line for line.
    /// <summary>The IMEI (AT+CGSN); "" until read.</summary>
    public string getImei() => _imei;

    /// <summary>The SN (AT+WISN?); "" until read or when the module stores none.</summary>
    public string getSn() => _sn;

    /// <summary>The model (AT+CGMM, e.g. Air724UG); "" until read.</summary>
    public string getModelType() => _model;

    /// <summary>The Luat core version (rtos.get_version), the same string the Lua runtime reports.</summary>
    public string getVersion() => _device is null ? "" : LuatCoreVersion.Text;

    /// <summary>misc.setSn(sn, cb): writes the SN (persistent in the module); cb(result) runs on the loop afterwards.</summary>
    public void setSn(string sn, Action<bool>? cb = null)
    {
        var loop = _bus.Loop;
        _ = SetSnAsync(sn).ContinueWith(t =>
        {
            var ok = t.IsCompletedSuccessfully && t.Result;
            if (cb is not null) loop.Post(() => cb(ok));
        }, TaskScheduler.Default);
    }
#pragma warning restore IDE1006

    public async Task<string> GetImeiAsync()
    {
        await Fetched("GetImeiAsync").ConfigureAwait(false);
        return _imei;
    }

    public async Task<string> GetSnAsync()
    {
        await Fetched("GetSnAsync").ConfigureAwait(false);
        return _sn;
    }

    public async Task<string> GetModelTypeAsync()
    {
        await Fetched("GetModelTypeAsync").ConfigureAwait(false);
        return _model;
    }

    /// <summary>Writes the SN and reads it back; true when the module holds it. Unchanged = true at once (as Luat).</summary>
    public async Task<bool> SetSnAsync(string sn)
    {
        ArgumentNullException.ThrowIfNull(sn);
        var device = Device("SetSnAsync");
        await Fetched("SetSnAsync").ConfigureAwait(false);
        if (sn == _sn) return true;
        var stored = await device.Modem.Identity.SetSnAsync(sn).ConfigureAwait(false);
        if (stored) _sn = sn;
        return stored;
    }

    /// <summary>Starts reading the identity (Luat reads it when misc loads); the host calls it when the run starts.</summary>
    internal void Start()
    {
        if (_device is null) return;
        // A script that only uses the Luat getters never awaits the read: say once why they stay empty.
        _fetch.Value.ContinueWith(static (t, s) =>
        {
            var self = (ScriptMisc)s!;
            var reason = t.Exception!.GetBaseException().Message;
            self._bus.Loop.Post(() => self._log.warn("misc", $"reading the module identity failed: {reason}"));
        }, this, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private Task FetchAsync(Air724 modem) =>
        new ModuleIdentityRead(modem.Identity).RunAsync(value =>
        {
            switch (value.Field)
            {
                case ModuleIdentityField.Imei: _imei = value.Text; _bus.Publish(LuatIdentityMessages.ImeiReady); break;
                case ModuleIdentityField.Sn: _sn = value.Text; _bus.Publish(LuatIdentityMessages.SnReady); break;
                default: _model = value.Text; _bus.Publish(LuatIdentityMessages.ModelReady); break;
            }
        });

    private async Task Fetched(string what)
    {
        Device(what);
        try
        {
            await _fetch.Value.ConfigureAwait(false);
        }
        catch (AtException ex)
        {
            throw new InvalidOperationException($"misc.{what}: reading the module identity failed ({ex.Message})", ex);
        }
    }

    private ScriptDevice Device(string what) => _device
        ?? throw new InvalidOperationException($"misc.{what}: no module attached (run the script with `luathost run`, which attaches the virtual module or --port)");
}
