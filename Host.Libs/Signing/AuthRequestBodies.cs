using System.Text;

namespace LuatHost.Aliyun.Signing;

/// <summary>
/// A form body for AT+HTTPDATA, with its exact UTF-8 byte length (the module counts bytes, and a
/// wrong count makes it wait for the missing ones or cut the body).
/// </summary>
/// <param name="Body">Contains a sign: treat it as a secret in logs.</param>
public sealed record FormBody(string Body, int ByteLength)
{
    public static FormBody From(IEnumerable<(string Name, string Value)> fields)
    {
        var body = string.Join('&', fields.Select(f => f.Name + "=" + Uri.EscapeDataString(f.Value)));
        return new FormBody(body, Encoding.UTF8.GetByteCount(body));
    }

    public override string ToString() => $"FormBody {{ ByteLength = {ByteLength} }}";
}

/// <summary>The x-www-form-urlencoded bodies of the two HTTPS auth endpoints, field order as in the tutorial.</summary>
public static class AuthRequestBodies
{
    public const string ContentType = "application/x-www-form-urlencoded";

    /// <summary>
    /// `productKey=…&amp;sign=…&amp;clientId=…&amp;deviceName=…` (the tutorial's 112-byte body). Optional
    /// `signmethod` (omitted for the default hmacmd5) and `timestamp` follow; both enter the sign as the server checks it.
    /// </summary>
    public static FormBody DeviceNameAuth(
        string productKey,
        string deviceName,
        string deviceSecret,
        SignMethod method = SignMethod.HmacMd5,
        string? clientId = null,
        string? timestamp = null,
        HexCase hexCase = HexCase.Lower)
    {
        var bareId = string.IsNullOrEmpty(clientId) ? deviceName : clientId;
        var sign = AliyunSigner.SignDevice(method, deviceSecret, bareId, deviceName, productKey, timestamp, hexCase);
        var fields = new List<(string, string)>
        {
            ("productKey", productKey),
            ("sign", sign),
            ("clientId", bareId),
            ("deviceName", deviceName),
        };
        if (method != SignMethod.HmacMd5)
        {
            fields.Add(("signmethod", method.ToMqttName()));
        }

        if (!string.IsNullOrEmpty(timestamp))
        {
            fields.Add(("timestamp", timestamp));
        }

        return FormBody.From(fields);
    }

    /// <summary>`productKey=…&amp;deviceName=…&amp;random=…&amp;sign=…&amp;signMethod=HmacMD5` (the tutorial's 120-byte body).</summary>
    public static FormBody RegisterDevice(
        string productKey,
        string deviceName,
        string productSecret,
        string random,
        SignMethod method = SignMethod.HmacMd5,
        HexCase hexCase = HexCase.Lower)
    {
        var sign = AliyunSigner.SignRegistration(method, productSecret, deviceName, productKey, random, hexCase);
        return FormBody.From(
        [
            ("productKey", productKey),
            ("deviceName", deviceName),
            ("random", random),
            ("sign", sign),
            ("signMethod", method.ToRegisterName()),
        ]);
    }
}
