using System.Text.Json;
using System.Text.RegularExpressions;
using LuatHost.Aliyun;
using LuatHost.Aliyun.Signing;

namespace LuatHost.Reliability.Tests.Secrets;

/// <summary>
/// Knows what must never appear in a log or trace: every DeviceSecret and ProductSecret of a demo's registry, the MQTT
/// passwords those secrets sign (each method, both hex cases, with and without Luat's timestamp), secrets a run stored
/// (dynamic registration writes the issued DeviceSecret to the module SN), and any unmasked iotToken, MQTT password
/// argument or <c>sign=</c> value seen in the text itself.
/// </summary>
internal static partial class DemoSecretScanner
{
    public static HashSet<string> KnownSecrets(string demoDirectory)
    {
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        var registry = Path.Combine(demoDirectory, "cloud-registry.json");
        if (!File.Exists(registry))
        {
            return secrets;
        }
        using var document = JsonDocument.Parse(File.ReadAllText(registry));
        foreach (var product in document.RootElement.GetProperty("products").EnumerateArray())
        {
            var productKey = product.GetProperty("productKey").GetString()!;
            AddIfSecret(secrets, product, "productSecret");
            foreach (var device in product.GetProperty("devices").EnumerateArray())
            {
                var deviceName = device.GetProperty("deviceName").GetString()!;
                if (device.TryGetProperty("deviceSecret", out var secret) && secret.GetString() is { Length: > 0 } deviceSecret)
                {
                    secrets.Add(deviceSecret);
                    AddSignedPasswords(secrets, productKey, deviceName, deviceSecret);
                }
            }
        }
        return secrets;
    }

    public static void AddSignedPasswords(HashSet<string> secrets, string productKey, string deviceName, string deviceSecret)
    {
        foreach (var method in new[] { SignMethod.HmacMd5, SignMethod.HmacSha1, SignMethod.HmacSha256 })
        {
            foreach (var timestamp in new[] { null, AliyunDefaults.SignTimestamp })
            {
                var password = MqttCredentials.ForDirectConnect(productKey, deviceName, deviceSecret, method, timestamp).Password;
                secrets.Add(password.ToUpperInvariant());
                secrets.Add(password.ToLowerInvariant());
            }
        }
    }

    /// <summary>Every leak found in <paramref name="text"/>, described without repeating the secret.</summary>
    public static IEnumerable<string> Leaks(string source, string text, IEnumerable<string> secrets)
    {
        foreach (var secret in secrets)
        {
            var at = text.IndexOf(secret, StringComparison.Ordinal);
            if (at >= 0)
            {
                yield return $"{source}: a known secret ({secret.Length} chars, starts '{secret[..2]}…') appears near: …{Context(text, at, secret.Length)}…";
            }
        }
        foreach (Match match in UnmaskedShape().Matches(text))
        {
            if (match.Groups["value"].Value != "***")
            {
                yield return $"{source}: unmasked {match.Groups["name"].Value} value near: …{Context(text, match.Index, match.Length)}…";
            }
        }
    }

    private static string Context(string text, int at, int length)
    {
        var start = Math.Max(0, at - 40);
        var end = Math.Min(text.Length, at + length + 10);
        // The secret itself is masked in the report, or the test output would leak it.
        return (text[start..at] + "<SECRET>" + text[Math.Min(text.Length, at + length)..end]).ReplaceLineEndings(" ");
    }

    private static void AddIfSecret(HashSet<string> secrets, JsonElement element, string property)
    {
        if (element.TryGetProperty(property, out var value) && value.GetString() is { Length: > 0 } text)
        {
            secrets.Add(text);
        }
    }

    // iotToken / deviceSecret / productSecret / password JSON values, sign= values, and AT+MCONFIG's third argument.
    [GeneratedRegex(""""(?<name>"?(?:iotToken|deviceSecret|productSecret|password)"?)\s*[:=]\s*"(?<value>[^"]{4,})"|(?<name>sign)=(?<value>[^&\s"]{8,})|(?<name>AT\+MCONFIG)="[^"]*","[^"]*","(?<value>[^"]*)"""", RegexOptions.IgnoreCase)]
    private static partial Regex UnmaskedShape();
}
