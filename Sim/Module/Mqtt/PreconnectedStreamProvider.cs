using System.Net;
using MQTTnet.Channel;

namespace LuatHost.Sim.Module.Mqtt;

/// <summary>
/// Hands MQTTnet the stream the module already opened at <c>AT+MIPSTART</c>/<c>AT+SSLMIPSTART</c>, so the MQTT
/// CONNECT of <c>AT+MCONNECT</c> travels on that same TCP (and TLS) session, as on the real module.
/// </summary>
internal sealed class PreconnectedStreamProvider(Stream stream) : IMqttClientStreamProvider
{
    private Stream? _stream = stream;

    public Task<Stream> ConnectAsync(EndPoint brokerEndPoint, CancellationToken cancellationToken)
    {
        var taken = Interlocked.Exchange(ref _stream, null);
        return taken is not null
            ? Task.FromResult(taken)
            : Task.FromException<Stream>(new IOException("the module's TCP link to the broker is already used or closed"));
    }
}
