using System.Text.RegularExpressions;

namespace LuatHost.At;

/// <summary>
/// Removes secrets from text before it reaches NLog or a transcript. Three kinds of rule:
/// <list type="bullet">
/// <item>registered values (<see cref="Register"/>): DeviceSecret, ProductSecret, MQTT password, iotToken — replaced wherever they occur;</item>
/// <item>command shapes: the password argument of <c>AT+MCONFIG=id,user,pwd</c> and of <c>AT+CSTT="apn","user","pwd"</c>;</item>
/// <item>body shapes: <c>sign=…</c> in HTTP auth bodies and URLs, and JSON values of <c>iotToken</c>, <c>deviceSecret</c>,
/// <c>productSecret</c>, <c>password</c> (dynamic registration answers carry a DeviceSecret).</item>
/// </list>
/// Thread-safe. <see cref="Shared"/> is the process-wide instance every engine uses by default, so a service that
/// learns a secret registers it once.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";

    // Secrets shorter than this are not registered: masking "1" everywhere would destroy the trace without protecting anything.
    private const int MinimumSecretLength = 4;

    private readonly Lock _gate = new();
    private string[] _secrets = [];

    public static SecretRedactor Shared { get; } = new();

    /// <summary>Masks <paramref name="secret"/> in everything redacted from now on.</summary>
    public void Register(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length < MinimumSecretLength)
        {
            return;
        }
        lock (_gate)
        {
            if (Array.IndexOf(_secrets, secret) >= 0)
            {
                return;
            }
            // Longest first, so a secret that contains another is masked whole.
            _secrets = [.. _secrets.Append(secret).OrderByDescending(s => s.Length)];
        }
    }

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }
        foreach (var secret in Volatile.Read(ref _secrets))
        {
            if (text.Contains(secret, StringComparison.Ordinal))
            {
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
            }
        }
        if (text.Contains("AT+MCONFIG=", StringComparison.OrdinalIgnoreCase))
        {
            text = McconfigPassword().Replace(text, "$1" + Mask);
        }
        if (text.Contains("AT+CSTT=", StringComparison.OrdinalIgnoreCase))
        {
            text = CsttPassword().Replace(text, "$1" + Mask);
        }
        if (text.Contains("sign=", StringComparison.OrdinalIgnoreCase))
        {
            text = SignValue().Replace(text, "$1" + Mask);
        }
        if (text.Contains('"'))
        {
            text = JsonSecretValue().Replace(text, "$1" + Mask);
        }
        return text;
    }

    // AT+MCONFIG=<clientid>,<user>,<pwd>[,...]: quotes optional (at-commands.md §5.1); mask the third argument only.
    [GeneratedRegex("""(AT\+MCONFIG=(?:"[^"]*"|[^,"]*),(?:"[^"]*"|[^,"]*),)(?:"[^"]*"|[^,"\r\n]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex McconfigPassword();

    // AT+CSTT="apn","user","pwd" (at-commands.md §3).
    [GeneratedRegex("""(AT\+CSTT=(?:"[^"]*"|[^,"]*),(?:"[^"]*"|[^,"]*),)(?:"[^"]*"|[^,"\r\n]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex CsttPassword();

    [GeneratedRegex("""(sign=)[^&\s"]*""", RegexOptions.IgnoreCase)]
    private static partial Regex SignValue();

    [GeneratedRegex(""""("(?:iotToken|deviceSecret|productSecret|password|sign)"\s*:\s*")[^"]*"""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecretValue();
}
