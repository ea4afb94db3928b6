using System.Text.Json;
using LuatHost.Sim.Cloud.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LuatHost.Sim.Cloud.Ota;

/// <summary>Body of POST /admin/ota/push: the console's "升级" for one device. <c>File</c> is a path on this machine.</summary>
public sealed record AdminOtaPushRequest(string ProductKey, string DeviceName, string File, string Version, string? Module = null);

/// <summary>Body of POST /admin/ota/faults; a null field leaves that knob as it is, <c>Clear</c> first turns all off.</summary>
public sealed record AdminOtaFaultsRequest(long? CutAtOffset = null, int? Failures = null, long? CorruptOffset = null, bool? ExpireUrls = null,
    bool Clear = false);

/// <summary>
/// Loopback-only admin API for OTA (used by `luathost cloud ota push` and the console page): POST /admin/ota/push,
/// GET /admin/ota/jobs, POST /admin/ota/faults, GET /admin/ota/downloads.
/// </summary>
public static class OtaAdminEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static void Map(IEndpointRouteBuilder routes, OtaService ota)
    {
        routes.MapPost("/admin/ota/push", async (HttpContext context) =>
        {
            AdminOtaPushRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<AdminOtaPushRequest>(context.Request.Body, Json).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return Results.BadRequest(new { error = $"body is not an OTA push request: {e.Message}" });
            }
            if (request is not { ProductKey.Length: > 0, DeviceName.Length: > 0, File.Length: > 0 })
            {
                return Results.BadRequest(new { error = "productKey, deviceName, file and version are required" });
            }
            try
            {
                return Results.Json(ota.Push(request.ProductKey, request.DeviceName, request.File, request.Version, request.Module), Json);
            }
            catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
            {
                return Results.BadRequest(new { error = e.Message });
            }
        });
        routes.MapGet("/admin/ota/jobs", () => Results.Json(ota.Jobs(), Json));
        routes.MapGet("/admin/ota/downloads", () => Results.Ok(ota.Downloads));
        routes.MapPost("/admin/ota/faults", async (HttpContext context) =>
        {
            AdminOtaFaultsRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<AdminOtaFaultsRequest>(context.Request.Body, Json).ConfigureAwait(false);
            }
            catch (JsonException e)
            {
                return Results.BadRequest(new { error = $"body is not a faults request: {e.Message}" });
            }
            if (request is null)
            {
                return Results.BadRequest(new { error = "empty body" });
            }
            var faults = ota.Faults;
            if (request.Clear) faults.Clear();
            if (request.CutAtOffset is { } cut) faults.CutAtOffset = cut;
            if (request.Failures is { } failures) faults.FailuresLeft = failures;
            if (request.CorruptOffset is { } corrupt) faults.CorruptOffset = corrupt;
            if (request.ExpireUrls is { } expire) faults.ExpireUrls = expire;
            return Results.Ok(new AdminOtaFaultsRequest(faults.CutAtOffset, faults.FailuresLeft, faults.CorruptOffset, faults.ExpireUrls));
        });
    }
}
