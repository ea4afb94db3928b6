using System.Collections.Concurrent;
using System.Net;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>A real in-process MQTTnet broker on loopback, plain and TLS, that checks one set of credentials.</summary>
public sealed class TestBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly ConcurrentQueue<(string ClientId, MqttApplicationMessage Message)> _published = new();
    private readonly SemaphoreSlim _publishedSignal = new(0);
    private readonly SemaphoreSlim _subscribedSignal = new(0);

    private TestBroker(MqttServer server, int plainPort, int tlsPort)
    {
        _server = server;
        PlainPort = plainPort;
        TlsPort = tlsPort;
    }

    public int PlainPort { get; }
    public int TlsPort { get; }

    /// <summary>Accepted (clientId, user, password) triples; anything else gets CONNACK "bad user name or password".</summary>
    public ConcurrentDictionary<string, (string User, string Password)> Credentials { get; } = new();

    /// <summary>MQTTnet needs its ports up front; a port taken meanwhile by another process is retried with new ones.</summary>
    public static async Task<TestBroker> StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await TryStartAsync();
            }
            catch (System.Net.Sockets.SocketException ex) when (ex.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse && attempt < 5)
            {
            }
        }
    }

    private static async Task<TestBroker> TryStartAsync()
    {
        var plainPort = FreePort.Next();
        var tlsPort = FreePort.Next();
        var options = new MqttServerOptionsBuilder()
            .WithDefaultEndpoint()
            .WithDefaultEndpointBoundIPAddress(IPAddress.Loopback)
            .WithDefaultEndpointPort(plainPort)
            .WithEncryptedEndpoint()
            .WithEncryptedEndpointBoundIPAddress(IPAddress.Loopback)
            .WithEncryptedEndpointPort(tlsPort)
            .WithEncryptionCertificate(TestCertificate.Server)
            .Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        var broker = new TestBroker(server, plainPort, tlsPort);
        server.ValidatingConnectionAsync += e =>
        {
            if (!broker.Credentials.TryGetValue(e.ClientId, out var expected) || expected.User != e.UserName || expected.Password != e.Password)
            {
                e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            }
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            broker._published.Enqueue((e.ClientId, e.ApplicationMessage));
            broker._publishedSignal.Release();
            return Task.CompletedTask;
        };
        server.ClientSubscribedTopicAsync += _ =>
        {
            broker._subscribedSignal.Release();
            return Task.CompletedTask;
        };
        try
        {
            await server.StartAsync();
        }
        catch
        {
            server.Dispose();
            throw;
        }
        return broker;
    }

    /// <summary>Next message a client published (waits for it; bounded so a missing publish fails the test).</summary>
    public async Task<(string ClientId, MqttApplicationMessage Message)> NextPublishedAsync()
    {
        Assert.True(await _publishedSignal.WaitAsync(TimeSpan.FromSeconds(20)), "no message reached the broker");
        Assert.True(_published.TryDequeue(out var item));
        return item;
    }

    /// <summary>"发布消息" from the cloud console: push a message to subscribers.</summary>
    public Task PublishToDeviceAsync(string topic, byte[] payload) =>
        _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(
            new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).Build())
        {
            SenderClientId = "cloud-console",
        });

    /// <summary>Disconnects every client, as a broker restart would.</summary>
    public async Task DropAllClientsAsync()
    {
        foreach (var client in await _server.GetClientsAsync())
        {
            await client.DisconnectAsync(new MqttServerClientDisconnectOptionsBuilder().Build());
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        _server.Dispose();
    }
}
