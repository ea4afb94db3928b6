using Microsoft.AspNetCore.Http;

namespace LuatHost.Sim.Cloud.Console;

/// <summary>The console's 发布消息: checks the request, then pushes through the broker like `luathost cloud publish`.</summary>
internal static class ConsolePublish
{
    public static async Task<IResult> SendAsync(LocalCloud cloud, string productKey, string deviceName, ConsolePublishRequest request,
        CancellationToken cancellationToken)
    {
        if (cloud.Registry.FindDevice(productKey, deviceName) is null) return ConsoleEndpoints.NotFound($"no device {deviceName} in product {productKey}");
        if (string.IsNullOrWhiteSpace(request.Topic)) return ConsoleEndpoints.BadRequest("topic is required (pick one of the device's topics)");
        if (request.Topic.Contains('#') || request.Topic.Contains('+'))
            return ConsoleEndpoints.BadRequest($"topic {request.Topic} has a wildcard; replace # or + with a concrete level");
        if (request.Qos is not (0 or 1)) return ConsoleEndpoints.BadRequest($"QoS {request.Qos} is not supported: Aliyun delivers QoS 0 and 1 only");

        byte[] payload;
        if (request.PayloadHex is { } hex)
        {
            try
            {
                payload = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
            }
            catch (FormatException)
            {
                return ConsoleEndpoints.BadRequest("payloadHex must be pairs of hex digits, e.g. 48 65 6C 6C 6F");
            }
        }
        else
        {
            payload = System.Text.Encoding.UTF8.GetBytes(request.Payload ?? "");
        }

        try
        {
            await cloud.PublishToDeviceAsync(productKey, deviceName, request.Topic, payload, request.Qos, cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            return ConsoleEndpoints.BadRequest(e.Message);
        }
        var online = cloud.ConnectedClients().Any(c => c.ProductKey == productKey && c.DeviceName == deviceName);
        return Results.Json(new { published = true, online }, ConsoleEndpoints.Json);
    }
}
