using System.Threading.Channels;
using NLog;

namespace LuatHost.Sim.Cloud.Broker;

/// <summary>
/// Messages the platform sends by itself (OTA pushes, thing-model replies), queued off the broker's thread and sent one
/// after another, so a reply never waits on the delivery that triggered it and replies to one device keep their order.
/// </summary>
public sealed class CloudOutbox : IAsyncDisposable
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Sim.Cloud");

    private readonly Channel<(string ProductKey, string DeviceName, string Topic, byte[] Payload, int Qos)> _queue =
        Channel.CreateUnbounded<(string, string, string, byte[], int)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _worker;

    public CloudOutbox(Func<string, string, string, byte[], int, Task> publish)
    {
        _worker = Task.Run(async () =>
        {
            await foreach (var (pk, dn, topic, payload, qos) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await publish(pk, dn, topic, payload, qos).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                    Log.Warn("cloud: cannot send {0} to {1}/{2}: {3}", topic, pk, dn, e.Message);
                }
            }
        });
    }

    public void Send(string productKey, string deviceName, string topic, byte[] payload, int qos) =>
        _queue.Writer.TryWrite((productKey, deviceName, topic, payload, qos));

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _worker.ConfigureAwait(false);
    }
}
