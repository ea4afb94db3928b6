namespace LuatHost.Aliyun.Signing;

/// <summary>Order of the clientId parameters; the platform ignores it, but byte-exact output matters for AT traces.</summary>
public enum ClientIdLayout
{
    /// <summary>`securemode=3,signmethod=hmacsha1,timestamp=…` as the tutorial writes it.</summary>
    Tutorial,
    /// <summary>`securemode=3,timestamp=…,signmethod=hmacsha1` as Luat's aLiYun lib writes it.</summary>
    LuatLib,
}

/// <summary>The three MQTT CONNECT strings of an Aliyun direct connection (一机一密).</summary>
/// <param name="Password">A secret: never log it.</param>
public sealed record MqttCredentials(string ClientId, string Username, string Password)
{
    /// <summary>Plain TCP direct connection.</summary>
    public const string SecureModeTcp = "3";

    /// <summary>TLS direct connection.</summary>
    public const string SecureModeTls = "2";

    /// <summary>MQTT after HTTPS pre-auth: username = iotId, password = iotToken.</summary>
    public const string SecureModeToken = "-1";

    /// <summary>`{dn}&amp;{pk}`.</summary>
    public static string UsernameFor(string deviceName, string productKey) => $"{deviceName}&{productKey}";

    /// <summary>
    /// Computes ClientId/Username/Password for a direct connection. The password is uppercase by
    /// default, as Luat's lib sends it; the platform accepts either case.
    /// </summary>
    public static MqttCredentials ForDirectConnect(
        string productKey,
        string deviceName,
        string deviceSecret,
        SignMethod method = SignMethod.HmacSha1,
        string? timestamp = null,
        string? clientId = null,
        string secureMode = SecureModeTcp,
        HexCase hexCase = HexCase.Upper,
        ClientIdLayout layout = ClientIdLayout.Tutorial)
    {
        var bareId = string.IsNullOrEmpty(clientId) ? deviceName : clientId;
        var parameters = new List<(string, string)> { ("securemode", secureMode) };
        var sign = ("signmethod", method.ToMqttName());
        var stamp = string.IsNullOrEmpty(timestamp) ? default((string, string)?) : ("timestamp", timestamp);
        if (layout == ClientIdLayout.LuatLib && stamp is { } early)
        {
            parameters.Add(early);
            parameters.Add(sign);
        }
        else
        {
            parameters.Add(sign);
            if (stamp is { } late)
            {
                parameters.Add(late);
            }
        }

        var password = AliyunSigner.SignDevice(method, deviceSecret, bareId, deviceName, productKey, timestamp, hexCase);
        return new MqttCredentials(
            AliyunClientId.Create(bareId, [.. parameters]).ToString(),
            UsernameFor(deviceName, productKey),
            password);
    }

    /// <summary>Hides the password so the record can be logged.</summary>
    public override string ToString() => $"MqttCredentials {{ ClientId = {ClientId}, Username = {Username}, Password = *** }}";
}
