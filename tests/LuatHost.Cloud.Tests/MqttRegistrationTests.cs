using System.Text.Json.Nodes;
using LuatHost.Cloud.Tests.Support;
using MQTTnet;

namespace LuatHost.Cloud.Tests;

public sealed class MqttRegistrationTests
{
    private const string ClientId = "862991419835241.b1KCi45LcCP|random=123456,authType=register,securemode=2,signmethod=hmacsha256|";
    private const string Username = "862991419835241&b1KCi45LcCP";

    [Fact]
    public async Task Mqtt_registration_over_tls_delivers_the_secret_on_ext_register_then_refuses_with_connack_5()
    {
        await using var test = await TestCloud.StartAsync();
        var password = Vectors.Sign("dynamic registration sign (HmacSHA256)").Hex;
        var secret = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new MqttClientFactory().CreateMqttClient();
        using var _ = client;
        client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == "/ext/register")
            {
                secret.TrySetResult(JsonNode.Parse(e.ApplicationMessage.ConvertPayloadToString())!.AsObject());
            }

            return Task.CompletedTask;
        };

        // Keepalive 10 s would be refused for a normal connect; registration does not check it.
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", test.Cloud.MqttTlsEndpoint.Port)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithClientId(ClientId)
            .WithCredentials(Username, password)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(10))
            .WithTlsOptions(tls => tls.UseTls().WithTargetHost("b1KCi45LcCP.iot-as-mqtt.cn-shanghai.aliyuncs.com")
                .WithCertificateValidationHandler(e => MqttDevice.IsPinned(e.Certificate, e.SslPolicyErrors, test.Cloud.Certificate)))
            .Build();
        var result = await client.ConnectAsync(options);
        var reply = await secret.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await client.DisconnectAsync();

        Assert.Equal(MqttClientConnectResultCode.Success, result.ResultCode);
        Assert.Equal(Tutorial.DynDeviceName, (string)reply["deviceName"]!);
        Assert.Equal(test.Cloud.Registry.FindDevice(Tutorial.DynProductKey, Tutorial.DynDeviceName)!.DeviceSecret, (string)reply["deviceSecret"]!);
        Assert.DoesNotContain(test.Cloud.Messages.Snapshot(), m => m.Topic == "/ext/register");

        var (again, code) = await MqttDevice.ConnectAsync(test.Cloud.MqttTlsEndpoint, ClientId, Username, password, pinnedServer: test.Cloud.Certificate);
        using var __ = again;
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
    }

    [Fact]
    public async Task Mqtt_registration_on_the_plain_listener_is_refused_with_connack_5()
    {
        await using var test = await TestCloud.StartAsync();
        var password = Vectors.Sign("dynamic registration sign (HmacSHA256)").Hex;

        var (client, code) = await MqttDevice.ConnectAsync(test.Cloud.MqttEndpoint, ClientId, Username, password);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
        Assert.Null(test.Cloud.Registry.FindDevice(Tutorial.DynProductKey, Tutorial.DynDeviceName)!.DeviceSecret);
    }

    [Fact]
    public async Task Mqtt_registration_with_a_wrong_sign_is_refused_with_connack_4()
    {
        await using var test = await TestCloud.StartAsync();

        var (client, code) = await MqttDevice.ConnectAsync(test.Cloud.MqttTlsEndpoint, ClientId, Username, new string('0', 64),
            pinnedServer: test.Cloud.Certificate);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
    }
}
