using LuatHost.Aliyun.Signing;
using LuatHost.Cloud.Tests.Support;

namespace LuatHost.Cloud.Tests;

public sealed class SignerVectorTests
{
    public static TheoryData<string> SignVectors() => Vectors.SignNames();

    [Theory]
    [MemberData(nameof(SignVectors))]
    public void Signer_reproduces_every_vector_digest(string name)
    {
        var vector = Vectors.Sign(name);
        var hexCase = vector.Hex.Any(char.IsUpper) ? HexCase.Upper : HexCase.Lower;

        var hex = AliyunSigner.Sign(SignMethods.Parse(vector.Alg), vector.Key, vector.Content, hexCase);

        Assert.Equal(vector.Hex, hex);
    }

    [Theory]
    [MemberData(nameof(SignVectors))]
    public void Sign_content_is_rebuilt_from_its_fields_in_sorted_order(string name)
    {
        var vector = Vectors.Sign(name);
        string content;
        if (vector.Content.StartsWith("clientId", StringComparison.Ordinal))
        {
            var (clientId, deviceName, productKey, timestamp) = Vectors.DeviceFields(vector.Content);
            content = AliyunSigner.DeviceSignContent(clientId, deviceName, productKey, timestamp);
        }
        else
        {
            content = AliyunSigner.RegisterSignContent("862991419835241", "b1KCi45LcCP", "123456");
        }

        Assert.Equal(vector.Content, content);
    }

    [Fact]
    public void Mqtt_vectors_give_the_exact_client_id_username_and_password()
    {
        foreach (var vector in Vectors.Signs.Where(v => v.Mqtt is not null))
        {
            var (clientId, deviceName, productKey, timestamp) = Vectors.DeviceFields(vector.Content);
            var layout = vector.Mqtt!.ClientId.Contains("timestamp=", StringComparison.Ordinal)
                         && vector.Mqtt.ClientId.IndexOf("timestamp=", StringComparison.Ordinal) < vector.Mqtt.ClientId.IndexOf("signmethod=", StringComparison.Ordinal)
                ? ClientIdLayout.LuatLib
                : ClientIdLayout.Tutorial;

            var credentials = MqttCredentials.ForDirectConnect(productKey, deviceName, vector.Key, SignMethods.Parse(vector.Alg),
                timestamp, clientId, layout: layout);

            Assert.Equal(vector.Mqtt.ClientId, credentials.ClientId);
            Assert.Equal(vector.Mqtt.Username, credentials.Username);
            Assert.Equal(vector.Mqtt.Password, credentials.Password);
        }
    }

    [Fact]
    public void Tutorial_http_auth_body_is_the_112_byte_vector()
    {
        var expected = Vectors.Bodies.Single(b => b.Length == 112);

        var body = AuthRequestBodies.DeviceNameAuth(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);

        Assert.Equal(expected.Body, body.Body);
        Assert.Equal(112, body.ByteLength);
    }

    [Fact]
    public void Tutorial_registration_body_is_the_120_byte_vector()
    {
        var expected = Vectors.Bodies.Single(b => b.Length == 120);

        var body = AuthRequestBodies.RegisterDevice(Tutorial.DynProductKey, Tutorial.DynDeviceName, Tutorial.DynProductSecret, "123456");

        Assert.Equal(expected.Body, body.Body);
        Assert.Equal(120, body.ByteLength);
    }

    [Fact]
    public void Signs_match_ignoring_hex_case_but_not_other_digits()
    {
        Assert.True(AliyunSigner.SignsMatch("b1107184d60649b62ecf56f0e7e98e7b3772a3e7", "B1107184D60649B62ECF56F0E7E98E7B3772A3E7"));
        Assert.False(AliyunSigner.SignsMatch("b1107184d60649b62ecf56f0e7e98e7b3772a3e7", "B1107184D60649B62ECF56F0E7E98E7B3772A3E8"));
        Assert.False(AliyunSigner.SignsMatch("b1107184d60649b62ecf56f0e7e98e7b3772a3e7", null));
    }

    [Fact]
    public void Credentials_and_bodies_never_print_their_secrets()
    {
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);
        var body = AuthRequestBodies.DeviceNameAuth(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);

        Assert.DoesNotContain(credentials.Password, credentials.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sign=", body.ToString(), StringComparison.Ordinal);
    }
}
