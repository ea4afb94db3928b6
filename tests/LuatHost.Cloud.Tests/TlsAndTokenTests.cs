using LuatHost.Aliyun.Signing;
using LuatHost.Cloud.Tests.Support;
using LuatHost.Sim.Cloud.Http;
using MQTTnet;

namespace LuatHost.Cloud.Tests;

public sealed class TlsAndTokenTests(SharedCloud shared) : IClassFixture<SharedCloud>
{
    private Sim.Cloud.LocalCloud Cloud => shared.Test.Cloud;

    [Theory]
    [InlineData("a1mxL3s6Z7m.iot-as-mqtt.cn-shanghai.aliyuncs.com")]
    [InlineData("iot-auth.cn-shanghai.aliyuncs.com")]
    [InlineData("iot-06z00ax1z31yx71h.mqtt.iothub.aliyuncs.com")]
    [InlineData("a1mxL3s6Z7m.iot-as-mqtt.ap-southeast-1.aliyuncs.com")]
    [InlineData("localhost")]
    [InlineData("127.0.0.1")]
    public void Certificate_covers_the_aliyun_host_names_and_loopback(string host)
    {
        Assert.True(Cloud.Certificate.MatchesHostname(host));
    }

    [Fact]
    public async Task Tls_listener_accepts_securemode_2_with_the_pinned_certificate()
    {
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret,
            SignMethod.HmacSha256, timestamp: "2524608000000", secureMode: MqttCredentials.SecureModeTls);

        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttTlsEndpoint, credentials.ClientId, credentials.Username,
            credentials.Password, pinnedServer: Cloud.Certificate);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await client.DisconnectAsync();
    }

    [Fact]
    public async Task Tls_listener_also_accepts_securemode_3_as_the_tutorial_sends_over_sslmipstart()
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttTlsEndpoint,
            "866714043075174|securemode=3,signmethod=hmacsha1|", "866714043075174&a1mxL3s6Z7m", "B1107184D60649B62ECF56F0E7E98E7B3772A3E7",
            pinnedServer: Cloud.Certificate);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await client.DisconnectAsync();
    }

    [Fact]
    public async Task Https_auth_then_mqtt_over_tls_with_the_issued_iot_id_and_token()
    {
        using var http = LoopbackHttp.Create(Cloud.Certificate);
        var body = AuthRequestBodies.DeviceNameAuth(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);

        var reply = await LoopbackHttp.PostFormAsync(http, $"https://{Tutorial.AuthHost}:{Cloud.HttpsEndpoint.Port}/auth/devicename", body);

        Assert.Equal(200, (int)reply["code"]!);
        Assert.Equal("success", (string)reply["message"]!);
        var iotId = (string)reply["data"]!["iotId"]!;
        var iotToken = (string)reply["data"]!["iotToken"]!;
        Assert.Equal(Tutorial.MqttHost, (string)reply["data"]!["resources"]!["mqtt"]!["host"]!);

        // As the tutorial: AT+MCONFIG="866714043075174",iotId,iotToken then AT+SSLMIPSTART.
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttTlsEndpoint, Tutorial.DeviceName, iotId, iotToken, pinnedServer: Cloud.Certificate);
        using var _ = client;
        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await client.DisconnectAsync();

        // As the C SDK: securemode=-1 in the clientId.
        var (sdkClient, sdkCode) = await MqttDevice.ConnectAsync(Cloud.MqttTlsEndpoint,
            "a1mxL3s6Z7m.866714043075174|securemode=-1,signmethod=hmacsha256|", iotId, iotToken, pinnedServer: Cloud.Certificate);
        using var __ = sdkClient;
        Assert.Equal(MqttClientConnectResultCode.Success, sdkCode);
        await sdkClient.DisconnectAsync();
    }

    [Fact]
    public async Task Mqtt_refuses_a_wrong_iot_token_with_connack_4()
    {
        using var http = LoopbackHttp.Create(Cloud.Certificate);
        var body = AuthRequestBodies.DeviceNameAuth(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);
        var reply = await LoopbackHttp.PostFormAsync(http, $"https://{Tutorial.AuthHost}:{Cloud.HttpsEndpoint.Port}/auth/devicename", body);
        var iotId = (string)reply["data"]!["iotId"]!;

        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttTlsEndpoint, "x|securemode=-1|", iotId, "^1^0^wrong", pinnedServer: Cloud.Certificate);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
    }

    [Fact]
    public async Task Auth_devicename_accepts_the_tutorial_112_byte_body_over_plain_http()
    {
        using var http = LoopbackHttp.Create(Cloud.Certificate);
        var tutorialBody = Vectors.Bodies.Single(b => b.Length == 112);

        var reply = await LoopbackHttp.PostFormAsync(http, $"http://{Tutorial.AuthHost}:{Cloud.HttpEndpoint.Port}/auth/devicename",
            new FormBody(tutorialBody.Body, tutorialBody.Length));

        Assert.Equal(200, (int)reply["code"]!);
        Assert.False(string.IsNullOrEmpty((string?)reply["data"]!["iotToken"]));
    }

    public static TheoryData<string> DeviceSignVectors() =>
        new(Vectors.Signs.Where(v => v.Content.StartsWith("clientId", StringComparison.Ordinal)).Select(v => v.Name));

    [Theory]
    [MemberData(nameof(DeviceSignVectors))]
    public async Task Auth_devicename_accepts_every_device_sign_vector_and_refuses_it_altered(string name)
    {
        var vector = Vectors.Sign(name);
        var (clientId, deviceName, productKey, timestamp) = Vectors.DeviceFields(vector.Content);
        using var http = LoopbackHttp.Create(Cloud.Certificate);
        var url = $"http://127.0.0.1:{Cloud.HttpEndpoint.Port}/auth/devicename";
        FormBody Body(string sign) => FormBody.From(
        [
            ("productKey", productKey), ("sign", sign), ("clientId", clientId), ("deviceName", deviceName),
            ("signmethod", vector.Alg), .. timestamp is null ? Array.Empty<(string, string)>() : [("timestamp", timestamp)],
        ]);

        var accepted = await LoopbackHttp.PostFormAsync(http, url, Body(vector.Hex));
        var refused = await LoopbackHttp.PostFormAsync(http, url, Body((vector.Hex[0] == '0' ? "1" : "0") + vector.Hex[1..]));

        Assert.Equal(200, (int)accepted["code"]!);
        Assert.Equal(AuthCodes.ParameterError, (int)refused["code"]!);
        Assert.Null(refused["data"]);
    }

    [Theory]
    [InlineData("a1unknownPK", "866714043075174", AuthCodes.ProductNotFound)]
    [InlineData("a1mxL3s6Z7m", "000000000000000", AuthCodes.DeviceNotFound)]
    public async Task Auth_devicename_names_unknown_products_and_devices(string productKey, string deviceName, int expectedCode)
    {
        using var http = LoopbackHttp.Create(Cloud.Certificate);
        var body = AuthRequestBodies.DeviceNameAuth(productKey, deviceName, Tutorial.DeviceSecret);

        var reply = await LoopbackHttp.PostFormAsync(http, $"http://127.0.0.1:{Cloud.HttpEndpoint.Port}/auth/devicename", body);

        Assert.Equal(expectedCode, (int)reply["code"]!);
    }

    [Fact]
    public async Task Auth_devicename_lists_missing_parameters()
    {
        using var http = LoopbackHttp.Create(Cloud.Certificate);

        var reply = await LoopbackHttp.PostFormAsync(http, $"http://127.0.0.1:{Cloud.HttpEndpoint.Port}/auth/devicename",
            FormBody.From([("productKey", Tutorial.ProductKey)]));

        Assert.Equal(AuthCodes.ParameterError, (int)reply["code"]!);
        Assert.Contains("deviceName", (string)reply["message"]!, StringComparison.Ordinal);
    }
}
