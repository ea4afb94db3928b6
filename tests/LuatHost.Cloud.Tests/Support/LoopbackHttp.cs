using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using LuatHost.Aliyun.Signing;

namespace LuatHost.Cloud.Tests.Support;

/// <summary>
/// A real HttpClient that resolves every host name to 127.0.0.1 (as the virtual module's host map
/// does), so requests can name iot-auth.cn-shanghai.aliyuncs.com and still stay on loopback.
/// </summary>
internal static class LoopbackHttp
{
    public static HttpClient Create(X509Certificate2 pinnedServer)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(System.Net.IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            MqttDevice.IsPinned(certificate, errors, pinnedServer);
        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(20) };
    }

    public static async Task<System.Text.Json.Nodes.JsonObject> PostFormAsync(HttpClient http, string url, FormBody body)
    {
        using var content = new StringContent(body.Body, System.Text.Encoding.UTF8, AuthRequestBodies.ContentType);
        using var response = await http.PostAsync(url, content);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }
}
