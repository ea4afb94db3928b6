namespace LuatHost.Aliyun.Signing;

/// <summary>The HMAC algorithms Aliyun IoT accepts for device and registration signs.</summary>
public enum SignMethod
{
    /// <summary>The platform's default when a request or clientId names no method.</summary>
    HmacMd5,
    HmacSha1,
    HmacSha256,
}

/// <summary>Parses and spells <see cref="SignMethod"/> the two ways the platform writes it.</summary>
public static class SignMethods
{
    /// <summary>
    /// Accepts `hmacmd5`, `HmacMD5`, `HMACSHA1`… in any case: MQTT's `signmethod` is lowercase,
    /// /auth/register/device's `signMethod` is `HmacMD5`, and SDKs disagree on the spelling.
    /// </summary>
    public static bool TryParse(string? text, out SignMethod method)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "hmacmd5":
                method = SignMethod.HmacMd5;
                return true;
            case "hmacsha1":
                method = SignMethod.HmacSha1;
                return true;
            case "hmacsha256":
                method = SignMethod.HmacSha256;
                return true;
            default:
                method = SignMethod.HmacMd5;
                return false;
        }
    }

    /// <summary>Parses or throws an <see cref="ArgumentException"/> that lists the accepted names.</summary>
    public static SignMethod Parse(string text) =>
        TryParse(text, out var method)
            ? method
            : throw new ArgumentException($"unknown sign method '{text}'; use hmacmd5, hmacsha1 or hmacsha256", nameof(text));

    /// <summary>The spelling used in the MQTT clientId and /auth/devicename: `hmacsha1`.</summary>
    public static string ToMqttName(this SignMethod method) => method switch
    {
        SignMethod.HmacMd5 => "hmacmd5",
        SignMethod.HmacSha1 => "hmacsha1",
        SignMethod.HmacSha256 => "hmacsha256",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>The spelling the tutorial sends to /auth/register/device: `HmacMD5`.</summary>
    public static string ToRegisterName(this SignMethod method) => method switch
    {
        SignMethod.HmacMd5 => "HmacMD5",
        SignMethod.HmacSha1 => "HmacSHA1",
        SignMethod.HmacSha256 => "HmacSHA256",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };
}
