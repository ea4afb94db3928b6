using System.Text.Json;

namespace LuatHost.Aliyun.Flows;

/// <summary>
/// The JSON the auth endpoints answer: <c>{"code":200,"data":{…},"message":"success"}</c> (docs/aliyun-iot.md §2, §3.1).
/// <c>code</c> may be a number or a string depending on the endpoint's age.
/// </summary>
internal sealed class AuthAnswer
{
    /// <summary>Device already activated: dynamic registration refused (docs/aliyun-iot.md §3.1, [unverified] code kept by the local cloud).</summary>
    public const int AlreadyActivated = 6289;

    /// <summary>Bad parameters or a sign that does not match.</summary>
    public const int BadSignOrParameters = 460;

    private AuthAnswer(int code, string message, JsonElement data)
    {
        Code = code;
        Message = message;
        Data = data;
    }

    public int Code { get; }

    public string Message { get; }

    public JsonElement Data { get; }

    public bool IsSuccess => Code == 200;

    public static AuthAnswer Parse(byte[] body, AliyunProblemStage stage)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var code = root.TryGetProperty("code", out var c)
                ? c.ValueKind == JsonValueKind.Number ? c.GetInt32() : int.TryParse(c.GetString(), out var parsed) ? parsed : -1
                : -1;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() ?? "" : "";
            var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
            return new AuthAnswer(code, message, data);
        }
        catch (JsonException)
        {
            throw new AliyunFlowException(stage, $"the auth service answered {body.Length} bytes that are not JSON; is the URL right?");
        }
    }

    public string? DataString(string name) =>
        Data.ValueKind == JsonValueKind.Object && Data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary><c>data.resources.mqtt.{host,port}</c> when the service returned it.</summary>
    public (string? Host, int? Port) MqttResource()
    {
        if (Data.ValueKind != JsonValueKind.Object
            || !Data.TryGetProperty("resources", out var resources) || resources.ValueKind != JsonValueKind.Object
            || !resources.TryGetProperty("mqtt", out var mqtt) || mqtt.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }
        string? host = mqtt.TryGetProperty("host", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
        int? port = mqtt.TryGetProperty("port", out var p)
            ? p.ValueKind == JsonValueKind.Number ? p.GetInt32() : int.TryParse(p.GetString(), out var parsed) ? parsed : null
            : null;
        return (host, port);
    }
}
