using LuatHost.Aliyun.Signing;
using LuatHost.Cloud.Tests.Support;
using MQTTnet;

namespace LuatHost.Cloud.Tests;

public sealed class BrokerConnectTests(SharedCloud shared) : IClassFixture<SharedCloud>
{
    private Sim.Cloud.LocalCloud Cloud => shared.Test.Cloud;

    public static TheoryData<string> DeviceSignVectors() =>
        new(Vectors.Signs.Where(v => v.Content.StartsWith("clientId", StringComparison.Ordinal)).Select(v => v.Name));

    [Fact]
    public async Task Broker_accepts_the_tutorial_triple_with_securemode_3_and_hmacsha1()
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint,
            "866714043075174|securemode=3,signmethod=hmacsha1|", "866714043075174&a1mxL3s6Z7m", "B1107184D60649B62ECF56F0E7E98E7B3772A3E7");
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(DeviceSignVectors))]
    public async Task Broker_accepts_every_device_sign_vector(string name)
    {
        var (clientId, username, password) = VectorConnect(Vectors.Sign(name));

        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint, clientId, username, password);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await client.DisconnectAsync();
    }

    [Theory]
    [MemberData(nameof(DeviceSignVectors))]
    public async Task Broker_rejects_every_device_sign_vector_with_a_wrong_digit_with_connack_4(string name)
    {
        var (clientId, username, password) = VectorConnect(Vectors.Sign(name));
        var wrong = (password[0] == '0' ? "1" : "0") + password[1..];

        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint, clientId, username, wrong);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
    }

    [Fact]
    public async Task Broker_accepts_a_lowercase_password_because_sign_case_is_ignored()
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint,
            "866714043075174|securemode=3,signmethod=hmacsha1|", "866714043075174&a1mxL3s6Z7m", "b1107184d60649b62ecf56f0e7e98e7b3772a3e7");
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await client.DisconnectAsync();
    }

    [Fact]
    public async Task Broker_defaults_to_hmacmd5_when_the_client_id_names_no_method()
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint,
            "866714043075174|securemode=3|", "866714043075174&a1mxL3s6Z7m", "161d9143f5a4ea3f9ab60614583fd1d7");
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.Success, code);
        await client.DisconnectAsync();
    }

    [Theory]
    [InlineData("866714043075174|securemode=3,signmethod=hmacsha1")]
    [InlineData("|securemode=3,signmethod=hmacsha1|")]
    [InlineData("866714043075174|securemode|")]
    [InlineData("866714043075174")]
    [InlineData("866714043075174|securemode=9,signmethod=hmacsha1|")]
    public async Task Broker_rejects_malformed_client_id_with_connack_2(string clientId)
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint, clientId, "866714043075174&a1mxL3s6Z7m", "B1107184D60649B62ECF56F0E7E98E7B3772A3E7");
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, code);
    }

    [Fact]
    public async Task Broker_rejects_a_client_id_longer_than_64_characters_with_connack_2()
    {
        var longId = new string('7', 65);
        var password = AliyunSigner.SignDevice(SignMethod.HmacSha1, Tutorial.DeviceSecret, longId, Tutorial.DeviceName, Tutorial.ProductKey);

        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint, longId + "|securemode=3,signmethod=hmacsha1|", "866714043075174&a1mxL3s6Z7m", password);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, code);
    }

    [Theory]
    [InlineData("a1mxL3s6Z7m&866714043075174")]
    [InlineData("866714043075174")]
    [InlineData("")]
    public async Task Broker_rejects_a_username_that_is_not_dn_and_pk(string username)
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint,
            "866714043075174|securemode=3,signmethod=hmacsha1|", username, "B1107184D60649B62ECF56F0E7E98E7B3772A3E7");
        using var _ = client;

        // Swapped names look like an unknown product (5); a username without '&' is a bad user name (4).
        Assert.Contains(code, new[] { MqttClientConnectResultCode.BadUserNameOrPassword, MqttClientConnectResultCode.NotAuthorized });
    }

    [Fact]
    public async Task Broker_rejects_an_unknown_signmethod_with_connack_4()
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint,
            "866714043075174|securemode=3,signmethod=hmacsha512|", "866714043075174&a1mxL3s6Z7m", "B1107184D60649B62ECF56F0E7E98E7B3772A3E7");
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, code);
    }

    [Theory]
    [InlineData("866714043075999&a1mxL3s6Z7m")]
    [InlineData("866714043075174&a1unknownPK")]
    public async Task Broker_rejects_an_unknown_device_or_product_with_connack_5(string username)
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint,
            "866714043075174|securemode=3,signmethod=hmacsha1|", username, "B1107184D60649B62ECF56F0E7E98E7B3772A3E7");
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1201)]
    public async Task Broker_rejects_keepalive_outside_30_to_1200_seconds_with_connack_5(int keepAlive)
    {
        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint,
            "866714043075174|securemode=3,signmethod=hmacsha1|", "866714043075174&a1mxL3s6Z7m", "B1107184D60649B62ECF56F0E7E98E7B3772A3E7", keepAlive);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
    }

    [Fact]
    public async Task Broker_refuses_securemode_2_on_the_plain_listener_with_connack_5()
    {
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret,
            secureMode: MqttCredentials.SecureModeTls);

        var (client, code) = await MqttDevice.ConnectAsync(Cloud.MqttEndpoint, credentials.ClientId, credentials.Username, credentials.Password);
        using var _ = client;

        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
    }

    /// <summary>CONNECT fields for a vector: clientId with the vector's method and timestamp, password = its hex.</summary>
    private static (string ClientId, string Username, string Password) VectorConnect(SignVector vector)
    {
        var (clientId, deviceName, productKey, timestamp) = Vectors.DeviceFields(vector.Content);
        var extension = $"securemode=3,signmethod={vector.Alg}" + (timestamp is null ? "" : $",timestamp={timestamp}");
        return ($"{clientId}|{extension}|", MqttCredentials.UsernameFor(deviceName, productKey), vector.Hex);
    }
}
