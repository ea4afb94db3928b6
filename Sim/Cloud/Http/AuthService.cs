using System.Text.Json.Nodes;
using LuatHost.Aliyun.Signing;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Sim.Cloud.Http;

/// <summary>
/// The logic behind POST /auth/devicename (一机一密 pre-auth, issues iotId/iotToken) and
/// POST /auth/register/device (一型一密 dynamic registration, issues a DeviceSecret).
/// </summary>
public sealed class AuthService
{
    private readonly DeviceRegistry _registry;
    private readonly IssuedTokens _tokens;
    private readonly int _advertisedMqttPort;

    /// <param name="advertisedMqttPort">
    /// The port put in resources.mqtt: the public one (1883) a device dials by name; the virtual
    /// module's host map turns name and port into the local endpoint.
    /// </param>
    public AuthService(DeviceRegistry registry, IssuedTokens tokens, int advertisedMqttPort = 1883)
    {
        _registry = registry;
        _tokens = tokens;
        _advertisedMqttPort = advertisedMqttPort;
    }

    public AuthReply AuthenticateDevice(IReadOnlyDictionary<string, string> form)
    {
        if (Missing(form, "productKey", "deviceName", "clientId", "sign") is { } missing)
        {
            return missing;
        }

        var productKey = form["productKey"];
        var deviceName = form["deviceName"];
        var methodName = Field(form, "signmethod") ?? Field(form, "signMethod");
        var method = SignMethod.HmacMd5;
        if (methodName is not null && !SignMethods.TryParse(methodName, out method))
        {
            return AuthReply.Fail(AuthCodes.ParameterError, $"unsupported signmethod '{methodName}'; use hmacmd5, hmacsha1 or hmacsha256");
        }

        if (_registry.FindProduct(productKey) is not { } product)
        {
            return AuthReply.Fail(AuthCodes.ProductNotFound, $"product {productKey} not found");
        }

        if (_registry.FindDevice(productKey, deviceName) is not { } device)
        {
            return AuthReply.Fail(AuthCodes.DeviceNotFound, $"device {deviceName} not found in product {productKey}");
        }

        if (!device.Enabled)
        {
            return AuthReply.Fail(AuthCodes.DeviceDisabled, $"device {deviceName} is disabled");
        }

        if (device.DeviceSecret is null)
        {
            return AuthReply.Fail(AuthCodes.ParameterError, $"device {deviceName} has no DeviceSecret yet; register it first (/auth/register/device)");
        }

        var expected = AliyunSigner.SignDevice(method, device.DeviceSecret, form["clientId"], deviceName, productKey, Field(form, "timestamp"));
        if (!AliyunSigner.SignsMatch(expected, form["sign"]))
        {
            return AuthReply.Fail(AuthCodes.ParameterError,
                $"sign check failed: expected {method.ToMqttName()} of clientId, deviceName, productKey{(Field(form, "timestamp") is null ? "" : ", timestamp")} keyed by the DeviceSecret");
        }

        var issued = _tokens.Issue(productKey, deviceName);
        return AuthReply.Ok(new JsonObject
        {
            ["iotId"] = issued.IotId,
            ["iotToken"] = issued.IotToken,
            ["resources"] = new JsonObject
            {
                ["mqtt"] = new JsonObject
                {
                    ["host"] = $"{productKey}.iot-as-mqtt.{product.Region}.aliyuncs.com",
                    ["port"] = _advertisedMqttPort,
                },
            },
        });
    }

    public AuthReply RegisterDevice(IReadOnlyDictionary<string, string> form)
    {
        if (Missing(form, "productKey", "deviceName", "random", "sign") is { } missing)
        {
            return missing;
        }

        var productKey = form["productKey"];
        var deviceName = form["deviceName"];
        var methodName = Field(form, "signMethod") ?? Field(form, "signmethod");
        var method = SignMethod.HmacMd5;
        if (methodName is not null && !SignMethods.TryParse(methodName, out method))
        {
            return AuthReply.Fail(AuthCodes.ParameterError, $"unsupported signMethod '{methodName}'; use HmacMD5, HmacSHA1 or HmacSHA256");
        }

        if (_registry.FindProduct(productKey) is not { } product)
        {
            return AuthReply.Fail(AuthCodes.ProductNotFound, $"product {productKey} not found");
        }

        if (!product.DynamicRegistration || product.ProductSecret is null)
        {
            return AuthReply.Fail(AuthCodes.DynamicRegistrationDisabled, $"dynamic registration is not enabled for product {productKey}");
        }

        if (_registry.FindDevice(productKey, deviceName) is not { } device)
        {
            return AuthReply.Fail(AuthCodes.DeviceNotFound, $"device {deviceName} is not pre-registered in product {productKey}");
        }

        if (!device.Enabled)
        {
            return AuthReply.Fail(AuthCodes.DeviceDisabled, $"device {deviceName} is disabled");
        }

        var expected = AliyunSigner.SignRegistration(method, product.ProductSecret, deviceName, productKey, form["random"]);
        if (!AliyunSigner.SignsMatch(expected, form["sign"]))
        {
            return AuthReply.Fail(AuthCodes.ParameterError,
                $"sign check failed: expected {method.ToRegisterName()} of deviceName, productKey, random keyed by the ProductSecret");
        }

        if (device.Activated)
        {
            return AuthReply.Fail(AuthCodes.AlreadyActivated, $"device {deviceName} is already activated; reset it in the registry to register again");
        }

        var secret = _registry.IssueDeviceSecret(productKey, deviceName);
        return AuthReply.Ok(new JsonObject
        {
            ["deviceName"] = deviceName,
            ["deviceSecret"] = secret,
            ["productKey"] = productKey,
        });
    }

    private static string? Field(IReadOnlyDictionary<string, string> form, string name) =>
        form.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    private static AuthReply? Missing(IReadOnlyDictionary<string, string> form, params string[] names)
    {
        var missing = names.Where(n => Field(form, n) is null).ToArray();
        return missing.Length == 0
            ? null
            : AuthReply.Fail(AuthCodes.ParameterError, $"request parameter error: missing {string.Join(", ", missing)}");
    }
}
