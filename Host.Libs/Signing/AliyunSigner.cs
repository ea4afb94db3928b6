using System.Security.Cryptography;
using System.Text;

namespace LuatHost.Aliyun.Signing;

/// <summary>Hex digits of a sign; the platform compares case-insensitively, senders differ.</summary>
public enum HexCase
{
    /// <summary>As Python's hexdigest and the tutorial's HTTP sign.</summary>
    Lower,
    /// <summary>As Luat's aLiYun lib (crypto returns uppercase) and the C SDK.</summary>
    Upper,
}

/// <summary>
/// The one implementation of Aliyun IoT signing, used by the device side and by the local cloud.
/// Content is the sorted `name+value` concatenation with no separators (docs/aliyun-iot.md §1.4, §3.1).
/// </summary>
public static class AliyunSigner
{
    /// <summary>`clientId{cid}deviceName{dn}productKey{pk}[timestamp{ts}]`; cid is the bare id before the first `|`.</summary>
    public static string DeviceSignContent(string clientId, string deviceName, string productKey, string? timestamp = null)
    {
        var content = $"clientId{clientId}deviceName{deviceName}productKey{productKey}";
        return string.IsNullOrEmpty(timestamp) ? content : content + "timestamp" + timestamp;
    }

    /// <summary>`deviceName{dn}productKey{pk}random{random}`, keyed by the ProductSecret.</summary>
    public static string RegisterSignContent(string deviceName, string productKey, string random) =>
        $"deviceName{deviceName}productKey{productKey}random{random}";

    /// <summary>Hex HMAC of the UTF-8 content under the UTF-8 key.</summary>
    public static string Sign(SignMethod method, string key, string content, HexCase hexCase = HexCase.Lower)
    {
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var contentBytes = Encoding.UTF8.GetBytes(content);
        var digest = method switch
        {
            SignMethod.HmacMd5 => HMACMD5.HashData(keyBytes, contentBytes),
            SignMethod.HmacSha1 => HMACSHA1.HashData(keyBytes, contentBytes),
            SignMethod.HmacSha256 => HMACSHA256.HashData(keyBytes, contentBytes),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
        return hexCase == HexCase.Upper ? Convert.ToHexString(digest) : Convert.ToHexStringLower(digest);
    }

    /// <summary>The device sign (MQTT password, /auth/devicename sign) keyed by the DeviceSecret.</summary>
    public static string SignDevice(SignMethod method, string deviceSecret, string clientId, string deviceName,
        string productKey, string? timestamp = null, HexCase hexCase = HexCase.Lower) =>
        Sign(method, deviceSecret, DeviceSignContent(clientId, deviceName, productKey, timestamp), hexCase);

    /// <summary>The dynamic-registration sign keyed by the ProductSecret.</summary>
    public static string SignRegistration(SignMethod method, string productSecret, string deviceName,
        string productKey, string random, HexCase hexCase = HexCase.Lower) =>
        Sign(method, productSecret, RegisterSignContent(deviceName, productKey, random), hexCase);

    /// <summary>
    /// Compares a received sign with the expected one, ignoring hex case (senders differ) and in
    /// constant time, so a wrong guess does not reveal how many leading digits were right.
    /// </summary>
    public static bool SignsMatch(string expected, string? received)
    {
        if (received is null)
        {
            return false;
        }

        var a = Encoding.ASCII.GetBytes(expected.ToLowerInvariant());
        var b = Encoding.ASCII.GetBytes(received.Trim().ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
