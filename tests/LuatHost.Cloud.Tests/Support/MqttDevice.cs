using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;

namespace LuatHost.Cloud.Tests.Support;

/// <summary>A real MQTTnet client (MQTT 3.1.1, as the module speaks) pointed at the local cloud.</summary>
internal static class MqttDevice
{
    public static async Task<(IMqttClient Client, MqttClientConnectResultCode Code)> ConnectAsync(
        IPEndPoint endpoint, string clientId, string? username, string? password,
        int keepAliveSeconds = 120, X509Certificate2? pinnedServer = null, string? tlsHost = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(endpoint.Address.ToString(), endpoint.Port)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithClientId(clientId)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(keepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithCleanSession();
        if (username is not null)
        {
            builder = builder.WithCredentials(username, password);
        }

        if (pinnedServer is not null)
        {
            builder = builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(tlsHost ?? Tutorial.MqttHost)
                .WithCertificateValidationHandler(e => IsPinned(e.Certificate, e.SslPolicyErrors, pinnedServer)));
        }

        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(builder.Build(), CancellationToken.None);
        return (client, result.ResultCode);
    }

    /// <summary>
    /// Accepts exactly the cloud's certificate, and only if the host name is covered by its SAN
    /// (the chain is untrusted by design: it is self-signed).
    /// </summary>
    public static bool IsPinned(X509Certificate? presented, System.Net.Security.SslPolicyErrors errors, X509Certificate2 pinned) =>
        presented is not null
        && presented.GetCertHashString() == pinned.Thumbprint
        && (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) == 0;

    public static MqttApplicationMessage Message(string topic, string payload, int qos = 1) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel((MQTTnet.Protocol.MqttQualityOfServiceLevel)qos)
            .Build();
}
