using LuatHost.Aliyun.Signing;
using LuatHost.Sim.Cloud.Registry;
using MQTTnet.Protocol;

namespace LuatHost.Sim.Cloud.Broker;

/// <summary>
/// MQTT dynamic registration (一型一密 over MQTT, docs/aliyun-iot.md §3.2): TLS only, clientId carries
/// `authType=register,random=…`, password = HMAC(ProductSecret, `deviceName…productKey…random…`).
/// Registration-free (`regnwl`/`connwl`) is not modelled.
/// </summary>
public sealed class RegistrationValidator
{
    private readonly DeviceRegistry _registry;

    public RegistrationValidator(DeviceRegistry registry) => _registry = registry;

    public ConnectVerdict Validate(ConnectAttempt attempt, AliyunClientId clientId)
    {
        if (!string.Equals(clientId.AuthType, "register", StringComparison.Ordinal))
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized,
                $"authType={clientId.AuthType} (registration-free) is not served by the local cloud; use authType=register with a pre-registered device");
        }

        // Legacy instances send securemode=2, new ones -2; SDKs use both (docs/aliyun-iot.md §3.2).
        if (clientId.SecureMode is not ("2" or "-2"))
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.ClientIdentifierNotValid, "dynamic registration needs securemode=2 or -2");
        }

        if (!attempt.IsTls)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, "dynamic registration over MQTT requires the TLS listener");
        }

        if (clientId["random"] is not { Length: > 0 } random)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.ClientIdentifierNotValid, "dynamic registration needs random=… in the clientId");
        }

        var method = SignMethod.HmacMd5;
        if (clientId.SignMethodName is { } methodName && !SignMethods.TryParse(methodName, out method))
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.BadUserNameOrPassword, $"signmethod '{methodName}' is not supported");
        }

        var username = attempt.Username ?? "";
        var amp = username.IndexOf('&', StringComparison.Ordinal);
        if (amp <= 0 || amp == username.Length - 1)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.BadUserNameOrPassword, $"username '{username}' is not deviceName&productKey");
        }

        var (deviceName, productKey) = (username[..amp], username[(amp + 1)..]);
        if (_registry.FindProduct(productKey) is not { } product)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, $"product {productKey} not found");
        }

        if (!product.DynamicRegistration || product.ProductSecret is null)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, $"dynamic registration is not enabled for product {productKey}");
        }

        if (_registry.FindDevice(productKey, deviceName) is not { } device || !device.Enabled)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, $"device {deviceName} is not pre-registered and enabled in product {productKey}");
        }

        var expected = AliyunSigner.SignRegistration(method, product.ProductSecret, deviceName, productKey, random);
        if (!AliyunSigner.SignsMatch(expected, attempt.Password))
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.BadUserNameOrPassword,
                $"password is not {method.ToMqttName()} of deviceName, productKey, random keyed by the ProductSecret");
        }

        if (device.Activated)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, $"device {productKey}/{deviceName} is already activated");
        }

        var session = new DeviceSession(productKey, deviceName, TopicPermissions.ForRegistration(), "register", isRegistration: true);
        return new ConnectVerdict(MqttConnectReasonCode.Success, "accepted for registration", session);
    }
}
