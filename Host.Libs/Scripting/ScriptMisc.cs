using LuatHost.Aliyun;
using LuatHost.At;
using LuatHost.Runtime;
using LuatHost.Services;

namespace LuatHost.Scripting;

/// <summary>
/// The `misc` global: Luat's lib/misc.lua identity part, the C# face of <see cref="ModuleIdentityService"/> (the same
/// service as the Lua misc: AT+CGSN, AT+WISN? or the SN fallback file, AT+MUID?, AT+CGMM). As in Luat, the identity is
/// read once when the run starts; the Luat getters return "" until the answer arrived, then IMEI_READY_IND,
/// SN_READY_IND and MODEL_NUMBER_READY_IND are published. The async forms wait for the answer instead.
/// <code>
/// var imei = await misc.GetImeiAsync();                 // or misc.getImei() after IMEI_READY_IND
/// bool stored = await misc.SetSnAsync(deviceSecret);    // AT+WISN="…" read back, else the SN fallback file
/// </code>
/// </summary>
public sealed class ScriptMisc
{
    private readonly ScriptDevice? _device;
    private readonly LuatMessageBus _bus;
    private readonly ScriptLog _log;
    private readonly ModuleIdentityService _identity;

    internal ScriptMisc(ScriptDevice? device, LuatMessageBus bus, ScriptLog log)
    {
        _device = device;
        _bus = bus;
        _log = log;
        var snFile = device?.DataDirectory is { } data ? Path.Combine(data, ModuleIdentityService.SnFallbackFileName) : null;
        _identity = new ModuleIdentityService(device?.At, device is null ? null : device.Modem.Identity, snFile,
            (apply, message) =>
            {
                apply();
                if (message is not null) _bus.Publish(message);
            });
    }

#pragma warning disable IDE1006 // Luat's names, so a Lua flow ports line for line.
    /// <summary>The IMEI (AT+CGSN); "" until read.</summary>
    public string getImei() => _identity.Imei;

    /// <summary>The SN (AT+WISN?, else the fallback file); "" until read or when none is stored.</summary>
    public string getSn() => _identity.Sn;

    /// <summary>The module's MUID (AT+MUID?); "" until read or when the firmware has none.</summary>
    public string getMuid() => _identity.Muid;

    /// <summary>The model (AT+CGMM, e.g. Air724UG); "" until read.</summary>
    public string getModelType() => _identity.Model;

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
        return _identity.Imei;
    }

    public async Task<string> GetSnAsync()
    {
        await Fetched("GetSnAsync").ConfigureAwait(false);
        return _identity.Sn;
    }

    public async Task<string> GetMuidAsync()
    {
        await Fetched("GetMuidAsync").ConfigureAwait(false);
        return _identity.Muid;
    }

    public async Task<string> GetModelTypeAsync()
    {
        await Fetched("GetModelTypeAsync").ConfigureAwait(false);
        return _identity.Model;
    }

    /// <summary>Writes the SN and reads it back; true when it is kept (module or fallback file). Unchanged = true at once (as Luat).</summary>
    public async Task<bool> SetSnAsync(string sn)
    {
        ArgumentNullException.ThrowIfNull(sn);
        await Fetched("SetSnAsync").ConfigureAwait(false);
        return await _identity.SetSnAsync(sn).ConfigureAwait(false);
    }

    /// <summary>Starts reading the identity (Luat reads it when misc loads); the host calls it when the run starts.</summary>
    internal void Start()
    {
        if (_device is null) return;
        // A script that only uses the Luat getters never awaits the read: say once why they stay empty.
        _identity.Start().ContinueWith(static (t, s) =>
        {
            var self = (ScriptMisc)s!;
            var reason = t.Exception!.GetBaseException().Message;
            self._bus.Loop.Post(() => self._log.warn("misc", $"reading the module identity failed: {reason}"));
        }, this, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
    }

    private async Task Fetched(string what)
    {
        if (_device is null)
            throw new InvalidOperationException($"misc.{what}: no module attached (run the script with `luathost run`, which attaches the virtual module or --port)");
        try
        {
            await _identity.Start().ConfigureAwait(false);
        }
        catch (AtException ex)
        {
            throw new InvalidOperationException($"misc.{what}: reading the module identity failed ({ex.Message})", ex);
        }
    }
}
