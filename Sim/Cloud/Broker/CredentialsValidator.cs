using LuatHost.Aliyun.Signing;
using LuatHost.Sim.Cloud.Http;
using LuatHost.Sim.Cloud.Registry;
using MQTTnet.Protocol;

namespace LuatHost.Sim.Cloud.Broker;

/// <summary>The CONNECT fields the credential check needs. Password is a secret.</summary>
public sealed record ConnectAttempt(string ClientId, string? Username, string? Password, int KeepAliveSeconds, bool IsTls)
{
    public override string ToString() => $"ConnectAttempt {{ ClientId = {ClientId}, Username = {Username}, Tls = {IsTls} }}";
}

/// <summary>The answer to a CONNECT: a reason code (mapped to MQTT 3.1.1 CONNACK 0/2/4/5) and, if accepted, the session.</summary>
public sealed record ConnectVerdict(MqttConnectReasonCode Code, string Reason, DeviceSession? Session)
{
    public bool Accepted => Code == MqttConnectReasonCode.Success;

    public static ConnectVerdict Reject(MqttConnectReasonCode code, string reason) => new(code, reason, null);
}

/// <summary>
/// Checks a CONNECT the way Aliyun does (docs/aliyun-iot.md §7): clientId format → CONNACK 2,
/// bad credentials or sign → 4, unknown/disabled device or keepalive out of 30..1200 → 5.
/// </summary>
public sealed class CredentialsValidator
{
    public const int MinKeepAliveSeconds = 30;
    public const int MaxKeepAliveSeconds = 1200;

    private readonly DeviceRegistry _registry;
    private readonly IssuedTokens _tokens;
    private readonly RegistrationValidator _registration;

    public CredentialsValidator(DeviceRegistry registry, IssuedTokens tokens)
    {
        _registry = registry;
        _tokens = tokens;
        _registration = new RegistrationValidator(registry);
    }

    public ConnectVerdict Validate(ConnectAttempt attempt)
    {
        if (!AliyunClientId.TryParse(attempt.ClientId, out var clientId, out var formatError) || clientId is null)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.ClientIdentifierNotValid, formatError ?? "malformed clientId");
        }

        // Registration connections skip the keepalive rule: the platform does not check it there (§3.2).
        if (clientId.AuthType is not null)
        {
            return _registration.Validate(attempt, clientId);
        }

        if (attempt.KeepAliveSeconds is < MinKeepAliveSeconds or > MaxKeepAliveSeconds)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized,
                $"keepalive {attempt.KeepAliveSeconds} s is outside Aliyun's {MinKeepAliveSeconds}..{MaxKeepAliveSeconds} s");
        }

        // The tutorial's pre-auth flow sends a bare clientId with iotId/iotToken, the C SDK securemode=-1.
        var tokenFlow = clientId.SecureMode == MqttCredentials.SecureModeToken
                        || (!clientId.HasExtension && _tokens.IsIssuedId(attempt.Username));
        if (tokenFlow)
        {
            return ValidateToken(attempt);
        }

        if (!clientId.HasExtension)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.ClientIdentifierNotValid,
                "clientId needs the extension block, e.g. id|securemode=3,signmethod=hmacsha1| (or an iotId/iotToken pair from /auth/devicename)");
        }

        return ValidateSignature(attempt, clientId);
    }

    private ConnectVerdict ValidateToken(ConnectAttempt attempt)
    {
        if (_tokens.Validate(attempt.Username, attempt.Password) is not { } issued)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.BadUserNameOrPassword,
                "iotId/iotToken unknown or expired; request a new pair from /auth/devicename");
        }

        return Authorize(issued.ProductKey, issued.DeviceName, "iotToken", device => null);
    }

    private ConnectVerdict ValidateSignature(ConnectAttempt attempt, AliyunClientId clientId)
    {
        var secureMode = clientId.SecureMode;
        if (secureMode is not (MqttCredentials.SecureModeTcp or MqttCredentials.SecureModeTls))
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.ClientIdentifierNotValid,
                $"securemode '{secureMode ?? "(missing)"}' is not supported; use 3 (TCP) or 2 (TLS)");
        }

        if (secureMode == MqttCredentials.SecureModeTls && !attempt.IsTls)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, "securemode=2 requires the TLS listener");
        }

        var method = SignMethod.HmacMd5;
        if (clientId.SignMethodName is { } methodName && !SignMethods.TryParse(methodName, out method))
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.BadUserNameOrPassword,
                $"signmethod '{methodName}' is not supported; use hmacmd5, hmacsha1 or hmacsha256");
        }

        var username = attempt.Username ?? "";
        var amp = username.IndexOf('&', StringComparison.Ordinal);
        if (amp <= 0 || amp == username.Length - 1)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.BadUserNameOrPassword,
                $"username '{username}' is not deviceName&productKey");
        }

        var deviceName = username[..amp];
        var productKey = username[(amp + 1)..];
        return Authorize(productKey, deviceName, $"securemode={secureMode}", device =>
        {
            if (device.DeviceSecret is null)
            {
                return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized,
                    $"device {deviceName} has no DeviceSecret yet; register it first");
            }

            var expected = AliyunSigner.SignDevice(method, device.DeviceSecret, clientId.BareId, deviceName, productKey, clientId.Timestamp);
            return AliyunSigner.SignsMatch(expected, attempt.Password)
                ? null
                : ConnectVerdict.Reject(MqttConnectReasonCode.BadUserNameOrPassword,
                    $"password is not {method.ToMqttName()} of clientId, deviceName, productKey{(clientId.Timestamp is null ? "" : ", timestamp")} keyed by the DeviceSecret");
        });
    }

    /// <param name="checkSecret">Returns a rejection, or null when the credential is right.</param>
    private ConnectVerdict Authorize(string productKey, string deviceName, string authMode, Func<DeviceInfo, ConnectVerdict?> checkSecret)
    {
        if (_registry.FindProduct(productKey) is null)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, $"product {productKey} not found");
        }

        if (_registry.FindDevice(productKey, deviceName) is not { } device)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, $"device {deviceName} not found in product {productKey}");
        }

        if (!device.Enabled)
        {
            return ConnectVerdict.Reject(MqttConnectReasonCode.NotAuthorized, $"device {productKey}/{deviceName} is disabled");
        }

        if (checkSecret(device) is { } rejected)
        {
            return rejected;
        }

        var session = new DeviceSession(productKey, deviceName, _registry.PermissionsFor(productKey, deviceName), authMode);
        return new ConnectVerdict(MqttConnectReasonCode.Success, "accepted", session);
    }
}
