using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using LuatHost.Aliyun.Signing;
using MQTTnet;
using MQTTnet.Protocol;

namespace LuatHost.Cloud.Tests.Support;

/// <summary>The tutorial device as a real MQTTnet client that listens on its OTA and thing topics and keeps what arrives.</summary>
internal sealed class OtaDevice : IDisposable
{
    private readonly Channel<(string Topic, string Payload)> _received = Channel.CreateUnbounded<(string, string)>();

    private OtaDevice(IMqttClient client) => Client = client;

    public IMqttClient Client { get; }

    public const string UpgradeTopic = "/ota/device/upgrade/" + Tutorial.ProductKey + "/" + Tutorial.DeviceName;
    public const string ThingPrefix = "/sys/" + Tutorial.ProductKey + "/" + Tutorial.DeviceName + "/thing/";

    public static async Task<OtaDevice> ConnectAsync(TestCloud test, params string[] topics)
    {
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);
        var (client, code) = await MqttDevice.ConnectAsync(test.Cloud.MqttEndpoint, credentials.ClientId, credentials.Username, credentials.Password);
        Assert.Equal(MqttClientConnectResultCode.Success, code);
        var device = new OtaDevice(client);
        client.ApplicationMessageReceivedAsync += e =>
        {
            device._received.Writer.TryWrite((e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString()));
            return Task.CompletedTask;
        };
        foreach (var topic in topics)
        {
            await client.SubscribeAsync(topic, MqttQualityOfServiceLevel.AtLeastOnce);
        }
        return device;
    }

    public Task PublishAsync(string topic, string payload) => Client.PublishAsync(MqttDevice.Message(topic, payload));

    /// <summary>The next message on <paramref name="topic"/>, as JSON.</summary>
    public async Task<JsonObject> NextAsync(string topic)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var (t, payload) = await _received.Reader.ReadAsync(timeout.Token);
            if (t == topic)
            {
                return JsonNode.Parse(payload)!.AsObject();
            }
        }
    }

    /// <summary>True if nothing arrives on <paramref name="topic"/> within <paramref name="quiet"/>.</summary>
    public async Task<bool> StaysQuietAsync(string topic, TimeSpan quiet)
    {
        using var timeout = new CancellationTokenSource(quiet);
        try
        {
            while (true)
            {
                var (t, _) = await _received.Reader.ReadAsync(timeout.Token);
                if (t == topic) return false;
            }
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>A package file of <paramref name="size"/> random bytes, and its MD5 (lowercase hex) computed here.</summary>
    public static (string Path, string Md5, byte[] Bytes) Package(TestCloud test, int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var path = System.IO.Path.Combine(test.Directory, $"firmware-{size}.bin");
        File.WriteAllBytes(path, bytes);
        return (path, Convert.ToHexStringLower(MD5.HashData(bytes)), bytes);
    }

    /// <summary>The pushed URL, with the cloud's HTTPS port put in (the module's host map does this for a device).</summary>
    public static string Local(TestCloud test, string url)
    {
        var builder = new UriBuilder(url) { Port = test.Cloud.HttpsEndpoint.Port };
        return builder.Uri.ToString();
    }

    public void Dispose() => Client.Dispose();
}
