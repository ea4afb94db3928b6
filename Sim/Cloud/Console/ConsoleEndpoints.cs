using System.Text.Json;
using LuatHost.Sim.Cloud.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace LuatHost.Sim.Cloud.Console;

/// <summary>
/// The console's HTTP surface: the page (GET /, /console.js, /console.css), JSON endpoints under /api/ for products,
/// devices, secrets (only on request), topics, publishing and the message log, and /api/events (server-sent events).
/// Requests whose Host header is not the console's own address are refused (DNS rebinding).
/// </summary>
public static class ConsoleEndpoints
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static void Map(WebApplication app, LocalCloud cloud, AllowedHosts hosts)
    {
        var edits = new ConsoleRegistryEdits(cloud.Registry);
        app.Use(async (context, next) =>
        {
            if (!hosts.Allows(context.Request.Host.Host))
            {
                context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                await context.Response.WriteAsync("this console answers only on its own address").ConfigureAwait(false);
                return;
            }
            await next(context).ConfigureAwait(false);
        });

        app.MapGet("/", (HttpContext context) => ConsolePage.Index(context));
        app.MapGet("/console.js", () => ConsolePage.Asset("console.js", "text/javascript; charset=utf-8"));
        app.MapGet("/console.css", () => ConsolePage.Asset("console.css", "text/css; charset=utf-8"));

        app.MapGet("/api/products", () => Results.Json(ConsoleState.Products(cloud), Json));
        app.MapPost("/api/products", (CreateProductRequest request) =>
            Edit(() => Results.Json(new { productKey = edits.CreateProduct(request.ProductKey?.Trim(), request.DynamicRegistration) }, Json, statusCode: 201)));
        app.MapDelete("/api/products/{pk}", (string pk) => Edit(() =>
        {
            edits.DeleteProduct(pk);
            return Results.NoContent();
        }));
        app.MapGet("/api/products/{pk}/secret", (string pk) => cloud.Registry.FindProduct(pk) is { } product
            ? Results.Json(new { productSecret = product.ProductSecret }, Json)
            : NotFound($"no product {pk}"));
        app.MapPost("/api/products/{pk}/devices", (string pk, AddDeviceRequest request) => Edit(() =>
        {
            var name = request.DeviceName?.Trim() ?? "";
            edits.AddDevice(pk, name);
            return Results.Json(new { productKey = pk, deviceName = name }, Json, statusCode: 201);
        }));

        app.MapGet("/api/devices/{pk}/{dn}/secret", (string pk, string dn) => cloud.Registry.FindDevice(pk, dn) is { } device
            ? Results.Json(new { productKey = pk, deviceName = dn, deviceSecret = device.DeviceSecret }, Json)
            : NotFound($"no device {dn} in product {pk}"));
        app.MapPut("/api/devices/{pk}/{dn}/enabled", async (string pk, string dn, SetEnabledRequest request) =>
        {
            var result = Edit(() =>
            {
                edits.SetEnabled(pk, dn, request.Enabled);
                return Results.NoContent();
            });
            if (!request.Enabled) await cloud.DisconnectDeviceAsync(pk, dn).ConfigureAwait(false);
            return result;
        });
        app.MapDelete("/api/devices/{pk}/{dn}", async (string pk, string dn) =>
        {
            var result = Edit(() =>
            {
                edits.DeleteDevice(pk, dn);
                return Results.NoContent();
            });
            await cloud.DisconnectDeviceAsync(pk, dn).ConfigureAwait(false);
            return result;
        });
        app.MapGet("/api/devices/{pk}/{dn}/topics", (string pk, string dn) =>
        {
            if (cloud.Registry.FindDevice(pk, dn) is null) return NotFound($"no device {dn} in product {pk}");
            var permissions = cloud.Registry.PermissionsFor(pk, dn);
            // The cloud publishes to what the device may subscribe to.
            return Results.Json(new { subscribe = permissions.SubscribePatterns, publish = permissions.PublishPatterns }, Json);
        });
        app.MapPost("/api/devices/{pk}/{dn}/publish", (string pk, string dn, ConsolePublishRequest request, CancellationToken ct) =>
            ConsolePublish.SendAsync(cloud, pk, dn, request, ct));

        app.MapGet("/api/messages", () => Results.Json(cloud.Messages.Snapshot().Select(ConsoleMessage.From), Json));
        // The stream ends when the console stops, so an open page never holds up the end of a run.
        app.MapGet("/api/events", (HttpContext context) => ConsoleEventStream.RunAsync(context, cloud, app.Lifetime.ApplicationStopping));
    }

    internal static IResult NotFound(string error) => Results.Json(new { error }, Json, statusCode: 404);

    internal static IResult BadRequest(string error) => Results.Json(new { error }, Json, statusCode: 400);

    private static IResult Edit(Func<IResult> edit)
    {
        try
        {
            return edit();
        }
        catch (ConsoleEditException e)
        {
            return e.NotFound ? NotFound(e.Message) : Results.Json(new { error = e.Message, rule = e.Rule }, Json, statusCode: 400);
        }
        catch (IOException e)
        {
            return Results.Json(new { error = $"the registry file could not be written: {e.Message}" }, Json, statusCode: 500);
        }
    }
}

/// <summary>The Host header values the console answers to: loopback names, plus the bind address when one was given.</summary>
public sealed class AllowedHosts(System.Net.IPAddress bindAddress)
{
    private readonly bool _any = bindAddress.Equals(System.Net.IPAddress.Any) || bindAddress.Equals(System.Net.IPAddress.IPv6Any);
    private readonly string _bound = bindAddress.ToString();

    public bool Allows(string host) =>
        _any || host is "127.0.0.1" or "localhost" or "[::1]" or "::1" || string.Equals(host, _bound, StringComparison.OrdinalIgnoreCase);
}

/// <summary>The product list the page shows, with online state from the broker.</summary>
internal static class ConsoleState
{
    public static IReadOnlyList<ConsoleProduct> Products(LocalCloud cloud)
    {
        var online = cloud.ConnectedClients().ToDictionary(c => (c.ProductKey, c.DeviceName));
        return cloud.Registry.Read(document => document.Products.Select(p => new ConsoleProduct(p.ProductKey, p.DynamicRegistration, p.Region,
            p.Devices.Select(d => Device(p, d, online)).ToArray())).ToArray());
    }

    private static ConsoleDevice Device(ProductRecord product, DeviceRecord device,
        Dictionary<(string, string), Broker.ConnectedDevice> online)
    {
        online.TryGetValue((product.ProductKey, device.DeviceName), out var connection);
        return new ConsoleDevice(device.DeviceName, device.Enabled, device.Activated, device.DeviceSecret is not null, connection is not null, connection?.ClientId);
    }
}
