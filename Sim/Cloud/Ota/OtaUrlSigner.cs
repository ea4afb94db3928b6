using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace LuatHost.Sim.Cloud.Ota;

/// <summary>
/// Signed, expiring package URLs in the shape of Aliyun OSS's (what the platform pushes: <c>…?Expires=…&amp;OSSAccessKeyId=…&amp;Signature=…</c>,
/// docs/aliyun-iot.md §4.4): the signature is HMAC-SHA1 over <c>GET\n\n\n&lt;Expires&gt;\n&lt;object path&gt;</c>, OSS's string to sign for a
/// query-string URL, under a key that lives only in this cloud process.
/// </summary>
public sealed class OtaUrlSigner
{
    /// <summary>Not a secret: OSS puts its AccessKeyId in the URL; this one only names the local cloud.</summary>
    public const string AccessKeyId = "LTAI4LuatHostLocal";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);

    /// <summary>The host a device is sent to (path-style OSS URL; <c>*.aliyuncs.com</c> reaches the local cloud through the module's host map).</summary>
    public string Host { get; init; } = "oss-cn-shanghai.aliyuncs.com";

    public string Url(OtaPackage package, DateTimeOffset expires)
    {
        var seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return $"https://{Host}{package.ObjectPath}?Expires={seconds}&OSSAccessKeyId={AccessKeyId}&Signature={Uri.EscapeDataString(Sign(package.ObjectPath, seconds))}";
    }

    /// <summary>True when <paramref name="signature"/> is this cloud's signature of the path and expiry (compared in constant time).</summary>
    public bool IsSigned(string objectPath, string expires, string signature)
    {
        var expected = Encoding.ASCII.GetBytes(Sign(objectPath, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Sign(string objectPath, string expires) =>
        Convert.ToBase64String(HMACSHA1.HashData(_key, Encoding.UTF8.GetBytes($"GET\n\n\n{expires}\n{objectPath}")));
}
