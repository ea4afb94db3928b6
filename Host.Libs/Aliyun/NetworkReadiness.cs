using LuatHost.At;
using LuatHost.Modem;
using NLog;

namespace LuatHost.Aliyun;

/// <summary>
/// Waits until the module can reach the cloud: packet domain attached (<c>AT+CGATT?</c> = 1), then the SAPBR bearer
/// open (the HTTP commands need it; the tutorial opens it before MQTT too). Polls, never blocks a thread.
/// </summary>
internal sealed class NetworkReadiness(Air724 modem, ReconnectPolicy policy)
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun");

    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var reported = false;
        while (!await modem.Network.IsAttachedAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!reported)
            {
                Log.Info("aLiYun: waiting for the network (AT+CGATT? is not 1 yet)");
                reported = true;
            }
            await Task.Delay(policy.NetworkPollInterval, cancellationToken).ConfigureAwait(false);
        }
        await EnsureBearerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens the SAPBR bearer unless it is already up.</summary>
    public async Task EnsureBearerAsync(CancellationToken cancellationToken)
    {
        var status = await modem.Network.QueryBearerAsync(cancellationToken).ConfigureAwait(false);
        if (status.IsConnected)
        {
            return;
        }
        await modem.Network.ConfigureBearerAsync("", cancellationToken).ConfigureAwait(false);
        await modem.Network.OpenBearerAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Luat's link.shut after repeated failures: drop the bearer and bring it up again.</summary>
    public async Task ResetBearerAsync(CancellationToken cancellationToken)
    {
        Log.Warn("aLiYun: repeated connect failures; re-activating the data bearer (AT+SAPBR=0,1 then 1,1)");
        try
        {
            await modem.Network.CloseBearerAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AtException ex)
        {
            Log.Debug("aLiYun: closing the bearer failed ({0}); opening it anyway", ex.Message);
        }
        await EnsureBearerAsync(cancellationToken).ConfigureAwait(false);
    }
}
