using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuatHost.Sim.Cloud.Ota;

/// <summary>
/// The platform's upgrade message (docs/aliyun-iot.md §4.4, D-OTA): <c>{"code":"1000","data":{"size","version","url","md5",
/// "sign","signMethod":"Md5","module"?},"id":&lt;ms&gt;,"message":"success"}</c>. <c>sign</c> equals <c>md5</c> for the Md5 method;
/// both C-SDK-style (md5) and Python-SDK-style (sign, signMethod) consumers find what they read.
/// </summary>
public static class OtaUpgradeMessage
{
    /// <summary>Quotes and Chinese text as they are, as the platform sends them (not <c>\u0022</c>).</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject Data(OtaPackage package, string version, string url, string? module)
    {
        var data = new JsonObject
        {
            ["size"] = package.Size,
            ["version"] = version,
            ["isDiff"] = 0,
            ["url"] = url,
            ["md5"] = package.Md5,
            ["sign"] = package.Md5,
            ["signMethod"] = "Md5",
        };
        if (!string.IsNullOrEmpty(module))
        {
            data["module"] = module;
        }
        return data;
    }

    public static byte[] Push(JsonObject data, long id) => JsonSerializer.SerializeToUtf8Bytes<JsonNode>(new JsonObject
    {
        ["code"] = "1000",
        ["data"] = data,
        ["id"] = id,
        ["message"] = "success",
    }, Json);

    /// <summary>The pull answer on <c>/sys/…/thing/ota/firmware/get_reply</c>: the same data, or <c>{}</c> when nothing is pending.</summary>
    public static byte[] GetReply(JsonNode? requestId, JsonObject? data) => JsonSerializer.SerializeToUtf8Bytes<JsonNode>(new JsonObject
    {
        ["id"] = requestId?.DeepClone(),
        ["code"] = 200,
        ["data"] = data ?? new JsonObject(),
        ["message"] = "success",
        ["version"] = "1.0",
        ["method"] = "thing.ota.firmware.get",
    }, Json);
}
