using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuatHost.Sim.Cloud.ThingModel;

/// <summary>
/// Alink JSON replies and requests (docs/aliyun-iot.md §4.2, D-ALINK): reply <c>{"code":200,"data":{},"id":"123","message":"success",
/// "method":…,"version":"1.0"}</c>; request <c>{"id":"…","version":"1.0","params":{…},"method":…}</c>.
/// </summary>
public static class AlinkReply
{
    /// <summary>Quotes and Chinese text as they are, as the platform sends them (not <c>\u0022</c>).</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const int Success = 200;

    /// <summary>Request parameter error (D-CODES): wrong type, out of range, unknown identifier.</summary>
    public const int ParameterError = 460;

    /// <summary>More than 200 properties in one post (D-ALINK limits).</summary>
    public const int TooManyProperties = 6106;

    public const int MaxPropertiesPerPost = 200;

    public static byte[] Reply(JsonNode? id, int code, string message, string method) => JsonSerializer.SerializeToUtf8Bytes<JsonNode>(new JsonObject
    {
        ["code"] = code,
        ["data"] = new JsonObject(),
        ["id"] = id?.DeepClone(),
        ["message"] = message,
        ["method"] = method,
        ["version"] = "1.0",
    }, Json);

    public static byte[] Request(string id, JsonObject parameters, string method) => JsonSerializer.SerializeToUtf8Bytes<JsonNode>(new JsonObject
    {
        ["id"] = id,
        ["version"] = "1.0",
        ["params"] = parameters.DeepClone(),
        ["method"] = method,
    }, Json);
}
