using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// misc's start-up read of the module identity (Luat's lib/misc.lua), one implementation for the Lua and the C# face:
/// IMEI (AT+CGSN), then SN (AT+WISN?), then model (AT+CGMM). Each value goes to the face as soon as it is known; the
/// face stores it and announces it (the Luat message names are the binding's, not the modem's). A module that stores
/// no SN (or refuses AT+WISN) announces none.
/// <code>
/// await new ModuleIdentityRead(modem.Identity).RunAsync(value => { Store(value); Announce(value.Field); });
/// </code>
/// </summary>
public sealed class ModuleIdentityRead(Identity identity)
{
    /// <summary>The SN to announce when the module has none (the Lua face keeps one in its file system).</summary>
    public Func<string?>? FallbackSn { get; init; }

    /// <summary>Runs after the SN and before the model (the Lua face reads AT+MUID? there and stores it with the model).</summary>
    public Func<CancellationToken, Task>? BeforeModel { get; init; }

    public async Task RunAsync(Action<ModuleIdentityValue> found, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(found);
        found(new ModuleIdentityValue(ModuleIdentityField.Imei, await identity.GetImeiAsync(cancellationToken).ConfigureAwait(false)));
        var sn = await ReadSnAsync(cancellationToken).ConfigureAwait(false);
        if (sn.Length > 0)
        {
            found(new ModuleIdentityValue(ModuleIdentityField.Sn, sn));
        }
        if (BeforeModel is not null)
        {
            await BeforeModel(cancellationToken).ConfigureAwait(false);
        }
        found(new ModuleIdentityValue(ModuleIdentityField.Model, await identity.GetModelAsync(cancellationToken).ConfigureAwait(false)));
    }

    private async Task<string> ReadSnAsync(CancellationToken cancellationToken)
    {
        var sn = "";
        try
        {
            sn = await identity.GetSnAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AtCommandFailedException)
        {
            // Some firmware has no AT+WISN: that is "no SN stored", not a failed identity read.
        }
        return sn.Length > 0 ? sn : FallbackSn?.Invoke() ?? "";
    }
}

public enum ModuleIdentityField
{
    Imei,
    Sn,
    Model,
}

/// <summary>One value of the start-up read.</summary>
public sealed record ModuleIdentityValue(ModuleIdentityField Field, string Text);
