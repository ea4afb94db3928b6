using MQTTnet;

namespace LuatHost.Sim.Module.Mqtt;

/// <summary>
/// The module's MQTT keep-alive: a PINGREQ every keepalive interval; no PINGRESP within half an interval means the
/// session is gone, and a real module then prints <c>MQTT HEART NO ACK</c> (RT-Thread Air720 drivers handle that line,
/// docs/air724-at.md §5.3, §10). Half an interval is what MQTT 3.1.1 §3.1.2.10 leaves the broker (1.5 × keepalive
/// before it gives up on the client); the firmware's own wait is not documented — VERIFY on hardware.
/// MQTTnet's own keep-alive is not used for this: in MQTTnet 5 a PINGRESP timeout ends its ping loop without a
/// disconnect, so the module would never notice.
/// </summary>
internal static class KeepAliveWatch
{
    public static void Start(IMqttClient client, TimeSpan interval, Func<bool> closing, Func<Task> lost) =>
        _ = Task.Run(async () =>
        {
            while (!closing() && client.IsConnected)
            {
                await Task.Delay(interval).ConfigureAwait(false);
                if (closing() || !client.IsConnected)
                {
                    return;
                }
                using var window = new CancellationTokenSource(interval / 2);
                try
                {
                    await client.PingAsync(window.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException && window.IsCancellationRequested && !closing())
                {
                    await lost().ConfigureAwait(false);
                    return;
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // The link failed some other way; the disconnect handler reports it (CLOSED).
                    return;
                }
            }
        });
}
