namespace LuatHost.Aliyun.Signing;

/// <summary>
/// The MQTT clientId Aliyun expects: `{id}|k1=v1,k2=v2|` (docs/aliyun-iot.md §1.1–1.2). The bare id is
/// what gets signed; the parameters carry securemode, signmethod, timestamp and SDK flags.
/// </summary>
public sealed class AliyunClientId
{
    /// <summary>The platform's limit on the bare id (D-TCP).</summary>
    public const int MaxBareIdLength = 64;

    public AliyunClientId(string bareId, IReadOnlyList<KeyValuePair<string, string>> parameters, bool hasExtension = true)
    {
        BareId = bareId;
        Parameters = parameters;
        HasExtension = hasExtension;
    }

    /// <summary>The part before the first `|`.</summary>
    public string BareId { get; }

    /// <summary>The `k=v` pairs in the order they were written; unknown keys are kept, not rejected.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

    /// <summary>False for a plain id without `|…|`, which the iotToken flow of the tutorial sends.</summary>
    public bool HasExtension { get; }

    public string? this[string key] =>
        Parameters.LastOrDefault(p => string.Equals(p.Key, key, StringComparison.OrdinalIgnoreCase)).Value;

    public string? SecureMode => this["securemode"];

    public string? SignMethodName => this["signmethod"];

    public string? Timestamp => this["timestamp"];

    public string? AuthType => this["authType"];

    /// <summary>Builds `{id}|securemode=…,signmethod=…[,timestamp=…]|` in the given parameter order.</summary>
    public static AliyunClientId Create(string bareId, params (string Key, string Value)[] parameters) =>
        new(bareId, parameters.Select(p => new KeyValuePair<string, string>(p.Key, p.Value)).ToArray());

    /// <summary>
    /// Parses a clientId; on failure <paramref name="error"/> says what is wrong (the broker answers
    /// CONNACK 2 "identifier rejected" with it).
    /// </summary>
    public static bool TryParse(string? text, out AliyunClientId? clientId, out string? error)
    {
        clientId = null;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "clientId is empty";
            return false;
        }

        var firstBar = text.IndexOf('|', StringComparison.Ordinal);
        if (firstBar < 0)
        {
            return Accept(new AliyunClientId(text, [], hasExtension: false), out clientId, out error);
        }

        if (text.Length < firstBar + 2 || text[^1] != '|')
        {
            error = "clientId extension must end with '|' (format: id|securemode=3,signmethod=hmacsha1|)";
            return false;
        }

        var body = text.Substring(firstBar + 1, text.Length - firstBar - 2);
        if (body.Contains('|', StringComparison.Ordinal))
        {
            error = "clientId contains more than one extension block";
            return false;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        // SDKs leave a trailing comma (the Python SDK writes `…,_v=1.2.13,|`), so empty items are skipped.
        foreach (var item in body.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"clientId parameter '{item}' is not key=value";
                return false;
            }

            parameters.Add(new(item[..eq], item[(eq + 1)..]));
        }

        return Accept(new AliyunClientId(text[..firstBar], parameters), out clientId, out error);
    }

    private static bool Accept(AliyunClientId candidate, out AliyunClientId? clientId, out string? error)
    {
        clientId = null;
        error = null;
        if (candidate.BareId.Length == 0)
        {
            error = "clientId has an empty id before '|'";
            return false;
        }

        if (candidate.BareId.Length > MaxBareIdLength)
        {
            error = $"clientId id is {candidate.BareId.Length} characters; Aliyun allows at most {MaxBareIdLength}";
            return false;
        }

        clientId = candidate;
        return true;
    }

    public override string ToString() =>
        HasExtension
            ? $"{BareId}|{string.Join(',', Parameters.Select(p => p.Key + "=" + p.Value))}|"
            : BareId;
}
