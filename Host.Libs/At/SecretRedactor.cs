using System.Text.RegularExpressions;

namespace LuatHost.At;

/// <summary>
/// Removes secrets from text before it reaches NLog or a transcript. Three kinds of rule:
/// <list type="bullet">
/// <item>registered values (<see cref="Register"/>): DeviceSecret, ProductSecret, MQTT password, iotToken — replaced wherever they occur;</item>
/// <item>command shapes the dialect declares (<see cref="Learn"/>): for the Air724 the password argument of
/// <c>AT+MCONFIG</c> and <c>AT+CSTT</c>, and the value of <c>AT+WISN=</c>;</item>
/// <item>body shapes: <c>sign=…</c> in HTTP auth bodies and URLs, and JSON values of <c>iotToken</c>, <c>deviceSecret</c>,
/// <c>productSecret</c>, <c>password</c> (dynamic registration answers carry a DeviceSecret).</item>
/// </list>
/// An answer that is itself a secret (the SN printed by <c>AT+WISN?</c>) has no shape and is not known yet when it
/// arrives: the engine registers it before tracing it (<see cref="AtCommand.AnswerIsSecret"/>), the transcript masks
/// it by position (<see cref="TranscriptRedactor"/>).
/// Thread-safe. <see cref="Shared"/> is the process-wide instance every engine uses by default, so a service that
/// learns a secret registers it once; an engine teaches it its dialect's command shapes when it starts.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";

    // Secrets shorter than this are not registered: masking "1" everywhere would destroy the trace without protecting anything.
    private const int MinimumSecretLength = 4;

    private readonly Lock _gate = new();
    private string[] _secrets = [];
    private SecretArgumentShape[] _shapes = [];

    public SecretRedactor()
    {
    }

    /// <summary>A redactor that already knows <paramref name="dialect"/>'s secret command shapes.</summary>
    public SecretRedactor(AtDialect dialect) => Learn(dialect);

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

    /// <summary>Masks the secret arguments <paramref name="dialect"/> declares in every command line redacted from now on.</summary>
    public void Learn(AtDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        lock (_gate)
        {
            _shapes = [.. _shapes.Union(dialect.SecretArguments)];
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
        foreach (var shape in Volatile.Read(ref _shapes))
        {
            text = SecretArgumentMask.Apply(text, shape);
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

    /// <summary>
    /// Registers the secret in one answer line of a command whose answer is a secret: the value after a
    /// <c>+NAME:</c> prefix, unquoted, or the bare line. Error lines (<c>*CME ERROR: Missing SN</c>) carry none.
    /// </summary>
    public void RegisterAnswer(string answerLine)
    {
        if (!FinalResultCodes.IsFinal(answerLine) && !answerLine.Contains("ERROR", StringComparison.Ordinal))
        {
            Register(SecretValueOf(answerLine));
        }
    }

    internal static string SecretValueOf(string answerLine)
    {
        var value = answerLine.Trim();
        var colon = value.IndexOf(':');
        if (value.StartsWith('+') && colon > 0)
        {
            value = value[(colon + 1)..].Trim();
        }
        return value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
    }

    [GeneratedRegex("""(sign=)[^&\s"]*""", RegexOptions.IgnoreCase)]
    private static partial Regex SignValue();

    [GeneratedRegex(""""("(?:iotToken|deviceSecret|productSecret|password|sign)"\s*:\s*")[^"]*"""", RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecretValue();
}
