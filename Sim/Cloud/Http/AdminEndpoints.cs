using System.Text;
using System.Text.Json;
using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LuatHost.Sim.Cloud.Http;

/// <summary>Body of POST /admin/publish. Payload is UTF-8 text unless PayloadBase64 is given.</summary>
public sealed record AdminPublishRequest(string ProductKey, string DeviceName, string Topic, string? Payload, string? PayloadBase64, int Qos = 0);

/// <summary>One row of GET /admin/devices (no secrets).</summary>
public sealed record AdminDeviceRow(string ProductKey, string DeviceName, bool Enabled, bool Activated, bool HasSecret, bool Online, string? ClientId, string? AuthMode);

/// <summary>
/// Loopback-only admin API used by `luathost cloud publish` and `luathost cloud devices`:
/// POST /admin/publish (the console's "发布消息") and GET /admin/devices.
/// </summary>
public static class AdminEndpoints
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder routes, DeviceRegistry registry, CloudBroker broker)
    {
        routes.MapPost("/admin/publish", async (HttpContext context) =>
        {
            AdminPublishRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<AdminPublishRequest>(context.Request.Body, Json).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return Results.BadRequest(new { error = $"body is not a publish request: {e.Message}" });
            }

            if (request is null || string.IsNullOrEmpty(request.Topic))
            {
                return Results.BadRequest(new { error = "productKey, deviceName and topic are required" });
            }

            try
            {
                var payload = request.PayloadBase64 is { } b64 ? Convert.FromBase64String(b64) : Encoding.UTF8.GetBytes(request.Payload ?? "");
                await broker.PublishToDeviceAsync(request.ProductKey, request.DeviceName, request.Topic, payload, request.Qos, context.RequestAborted)
                    .ConfigureAwait(false);
                var online = broker.Connected.Find(request.ProductKey, request.DeviceName) is not null;
                return Results.Ok(new { published = true, online });
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                return Results.BadRequest(new { error = e.Message });
            }
        });
        routes.MapGet("/admin/devices", () => Results.Ok(Rows(registry, broker.Connected)));
    }

    public static IReadOnlyList<AdminDeviceRow> Rows(DeviceRegistry registry, ConnectedDevices? connected) =>
        registry.Devices().Select(d =>
        {
            var online = connected?.Find(d.ProductKey, d.DeviceName);
            return new AdminDeviceRow(d.ProductKey, d.DeviceName, d.Enabled, d.Activated, d.DeviceSecret is not null,
                online is not null, online?.ClientId, online?.AuthMode);
        }).ToArray();
}
