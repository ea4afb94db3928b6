using LuatHost.Aliyun.Signing;
using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Runtime;

namespace LuatHost.Services;

/// <summary>
/// misc's module identity (Luat's lib/misc.lua), one service for the Lua `misc` and the C# `misc`: read once per
/// power-on in the background — IMEI (AT+CGSN), SN (AT+WISN?, else the fallback file), MUID (AT+MUID?), model
/// (AT+CGMM) — each value announced with the message Luat publishes for it; setSn writes AT+WISN= and, when the module
/// refuses, keeps the SN in the fallback file of the device's data directory instead.
/// <code>
/// var identity = new ModuleIdentityService(engine, modem.Identity, snFile, announce: (apply, message) => { apply(); bus.Publish(message); });
/// identity.Start();
/// </code>
/// </summary>
/// <param name="engine">The module's AT engine; null without a module (then only the fallback SN is known).</param>
/// <param name="identity">The identity commands on that engine; null without a module.</param>
/// <param name="snFallbackFile">Host path of the SN fallback file; null = none.</param>
/// <param name="announce">
/// Stores a value and publishes its message in one step on the face's script thread, so a script never sees the one
/// without the other: the face runs <c>apply</c> then publishes the message id (none when null).
/// </param>
public sealed class ModuleIdentityService(AtEngine? engine, Identity? identity, string? snFallbackFile, Action<Action, string?> announce)
{
    /// <summary>The fallback file's name inside the device data directory (the Lua face sees it as /luathost_sn.txt).</summary>
    public const string SnFallbackFileName = "luathost_sn.txt";

    /// <summary>How long the read waits for the module to answer AT after a (re)boot.</summary>
    public static readonly TimeSpan ReadyBudget = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private Task? _read;
    private volatile string _imei = "";
    private volatile string _sn = "";
    private volatile string _model = "";
    private volatile string _muid = "";
    private string _muidRead = "";

    public bool HasModule => engine is not null && identity is not null;

    public string Imei => _imei;

    public string Sn => _sn;

    public string Model => _model;

    public string Muid => _muid;

    /// <summary>
    /// Starts the read once (Luat reads the identity when misc loads) and returns it; later calls return the same read.
    /// It faults with the AT error when the module does not answer.
    /// </summary>
    public Task Start(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _read ??= HasModule ? Task.Run(() => ReadAsync(cancellationToken), CancellationToken.None) : ReadFallbackOnly();
        }
    }

    /// <summary>
    /// Stores a new SN: AT+WISN= (read back), else the fallback file. True once the SN is kept either way; unchanged is
    /// true at once (as Luat's misc.setSn). The new value is announced through <c>announce</c> without a message.
    /// </summary>
    public async Task<bool> SetSnAsync(string sn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sn);
        if (sn == _sn) return true;
        var stored = await StoreInModuleAsync(sn, cancellationToken).ConfigureAwait(false);
        if (!stored)
        {
            if (snFallbackFile is null) return false;
            WriteFallbackSn(snFallbackFile, sn);
        }
        announce(() => _sn = sn, null);
        return true;
    }

    private Task ReadFallbackOnly()
    {
        var sn = ReadFallbackSn();
        if (sn is not null) _sn = sn;
        return Task.CompletedTask;
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        await identity!.WaitUntilReadyAsync(ReadyBudget, cancellationToken).ConfigureAwait(false);
        var read = new ModuleIdentityRead(identity)
        {
            FallbackSn = ReadFallbackSn,
            BeforeModel = async token => _muidRead = await ReadMuidAsync(token).ConfigureAwait(false),
        };
        await read.RunAsync(value => announce(Apply(value), ReadyMessage(value.Field)), cancellationToken).ConfigureAwait(false);
    }

    private Action Apply(ModuleIdentityValue value) => value.Field switch
    {
        ModuleIdentityField.Imei => () => _imei = value.Text,
        ModuleIdentityField.Sn => () => _sn = value.Text,
        // Luat's misc asks AT+MUID? just before AT+CGMM and stores both with the model's answer.
        _ => () => (_muid, _model) = (_muidRead, value.Text),
    };

    /// <summary>The message Luat's misc publishes when a value arrives.</summary>
    public static string ReadyMessage(ModuleIdentityField field) => field switch
    {
        ModuleIdentityField.Imei => LuatIdentityMessages.ImeiReady,
        ModuleIdentityField.Sn => LuatIdentityMessages.SnReady,
        _ => LuatIdentityMessages.ModelReady,
    };

    // Firmware without AT+MUID answers ERROR: that is "no MUID", not a failed identity read.
    private async Task<string> ReadMuidAsync(CancellationToken cancellationToken)
    {
        var response = await engine!.ExecuteAsync("AT+MUID?", cancellationToken).ConfigureAwait(false);
        const string prefix = "+MUID:";
        return response.IsOk && response.FindLine(prefix) is { } line ? line.Text[prefix.Length..].Trim() : "";
    }

    // The module may refuse AT+WISN, or refuse the SN (a quote in it): then the SN lives in the fallback file.
    private async Task<bool> StoreInModuleAsync(string sn, CancellationToken cancellationToken)
    {
        if (!HasModule) return false;
        try
        {
            return await identity!.SetSnAsync(sn, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AtException or ArgumentException)
        {
            return false;
        }
    }

    private string? ReadFallbackSn() =>
        snFallbackFile is not null && File.Exists(snFallbackFile) ? File.ReadAllText(snFallbackFile).Trim() : null;

    // The SN may be a DeviceSecret (Luat's dynamic-registration demos keep it there): owner-only, temp + fsync + rename.
    private static void WriteFallbackSn(string path, string sn) => SecretFile.WriteAtomically(path, sn);
}
