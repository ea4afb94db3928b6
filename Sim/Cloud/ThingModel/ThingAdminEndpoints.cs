using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LuatHost.Sim.Cloud.ThingModel;

/// <summary>Body of POST /admin/thing/property/set and /admin/thing/service (<c>Identifier</c> only for a service).</summary>
public sealed record AdminThingCallRequest(string ProductKey, string DeviceName, JsonObject? Params, string? Identifier = null, double WaitSeconds = 5);

/// <summary>
/// Loopback-only admin API for the thing model (used by `luathost cloud property set` and the console page):
/// POST /admin/thing/property/set and POST /admin/thing/service → <c>{"id","topic","reply"}</c> (reply null when the device
/// did not answer in <c>waitSeconds</c>); 400 with <c>{"error"}</c> for a value the thing model refuses.
/// </summary>
public static class ThingAdminEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(IEndpointRouteBuilder routes, ThingModelService things)
    {
        Func<AdminThingCallRequest, TimeSpan, CancellationToken, Task<ThingCallResult>> set = (r, wait, cancel) =>
            things.SetPropertiesAsync(r.ProductKey, r.DeviceName, r.Params ?? [], wait, cancel);
        Func<AdminThingCallRequest, TimeSpan, CancellationToken, Task<ThingCallResult>> service = (r, wait, cancel) =>
            things.CallServiceAsync(r.ProductKey, r.DeviceName,
                string.IsNullOrEmpty(r.Identifier) ? throw new ArgumentException("identifier (the service) is required") : r.Identifier,
                r.Params ?? [], wait, cancel);
        routes.MapPost("/admin/thing/property/set", (Delegate)((HttpContext context) => Call(context, set)));
        routes.MapPost("/admin/thing/service", (Delegate)((HttpContext context) => Call(context, service)));
    }

    private static async Task<IResult> Call(HttpContext context, Func<AdminThingCallRequest, TimeSpan, CancellationToken, Task<ThingCallResult>> call)
    {
        AdminThingCallRequest? request;
        try
        {
            request = await JsonSerializer.DeserializeAsync<AdminThingCallRequest>(context.Request.Body, Json).ConfigureAwait(false);
        }
        catch (JsonException e)
        {
            return Results.BadRequest(new { error = $"body is not a thing-model request: {e.Message}" });
        }
        if (request is not { ProductKey.Length: > 0, DeviceName.Length: > 0 })
        {
            return Results.BadRequest(new { error = "productKey, deviceName and params are required" });
        }
        try
        {
            var wait = TimeSpan.FromSeconds(Math.Clamp(request.WaitSeconds, 0, 60));
            return Results.Ok(await call(request, wait, context.RequestAborted).ConfigureAwait(false));
        }
        catch (ArgumentException e)
        {
            return Results.BadRequest(new { error = e.Message });
        }
    }
}
