using System.Text.Json.Nodes;

namespace LuatHost.Sim.Cloud.Http;

/// <summary>
/// Result codes of the auth endpoints. Aliyun publishes no table for these endpoints; the values
/// follow its device error codes (docs/aliyun-iot.md §2, §3.1) and are kept here so they are easy to change.
/// </summary>
public static class AuthCodes
{
    public const int Success = 200;

    /// <summary>Missing or malformed parameter, unknown sign method, or a sign that does not verify.</summary>
    public const int ParameterError = 460;

    public const int DeviceNotFound = 6100;

    public const int DeviceDisabled = 6204;

    public const int ProductNotFound = 6250;

    /// <summary>[inferred] no confirmed code for "dynamic registration is switched off".</summary>
    public const int DynamicRegistrationDisabled = 6288;

    /// <summary>[unverified] the often-quoted "device already activated".</summary>
    public const int AlreadyActivated = 6289;
}

/// <summary>The `{code,data,message}` envelope both endpoints answer with, always over HTTP 200.</summary>
public sealed record AuthReply(int Code, string Message, JsonObject? Data)
{
    public bool IsSuccess => Code == AuthCodes.Success;

    public static AuthReply Ok(JsonObject data) => new(AuthCodes.Success, "success", data);

    public static AuthReply Fail(int code, string message) => new(code, message, null);

    public string ToJson()
    {
        var json = new JsonObject { ["code"] = Code };
        if (Data is not null)
        {
            json["data"] = Data.DeepClone();
        }

        json["message"] = Message;
        return json.ToJsonString();
    }

    /// <summary>Only the code and message: data may hold an iotToken or a DeviceSecret.</summary>
    public override string ToString() => $"AuthReply {{ Code = {Code}, Message = {Message} }}";
}
