using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace LuatHost.Net.Tests.Support;

/// <summary>A real in-process MQTTnet broker on loopback that accepts one user name and password (any client id).</summary>
internal sealed class LocalBroker : IAsyncDisposable
{
    public const string User = "luat";
    public const string Password = "s3cret";

    private readonly MqttServer _server;

    private LocalBroker(MqttServer server, int port, int tlsPort)
    {
        _server = server;
        Port = port;
        TlsPort = tlsPort;
    }

    public int Port { get; }

    /// <summary>MQTT over TLS with <see cref="TestCertificate.Server"/>.</summary>
    public int TlsPort { get; }

    /// <summary>Every PUBLISH the broker received, as (client id, topic, payload, QoS).</summary>
    public ConcurrentQueue<(string ClientId, string Topic, byte[] Payload, int Qos)> Published { get; } = new();

    /// <summary>Client ids that connected, in order.</summary>
    public ConcurrentQueue<string> Connected { get; } = new();

    public static async Task<LocalBroker> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var (port, tlsPort) = (FreePort(), FreePort());
            var server = new MqttServerFactory().CreateMqttServer(new MqttServerOptionsBuilder()
                .WithDefaultEndpoint()
                .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
                .WithDefaultEndpointPort(port)
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
                .WithEncryptedEndpointPort(tlsPort)
                .WithEncryptionCertificate(TestCertificate.Server)
                .Build());
            var broker = new LocalBroker(server, port, tlsPort);
            server.ValidatingConnectionAsync += e =>
            {
                if (e.UserName != User || e.Password != Password) e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
                else broker.Connected.Enqueue(e.ClientId);
                return Task.CompletedTask;
            };
            server.InterceptingPublishAsync += e =>
            {
                var m = e.ApplicationMessage;
                broker.Published.Enqueue((e.ClientId, m.Topic, System.Buffers.BuffersExtensions.ToArray(m.Payload), (int)m.QualityOfServiceLevel));
                return Task.CompletedTask;
            };
            try
            {
                await server.StartAsync();
                return broker;
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse && attempt < 5)
            {
                server.Dispose();
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
