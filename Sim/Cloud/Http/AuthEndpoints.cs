using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using NLog;

namespace LuatHost.Sim.Cloud.Http;

/// <summary>POST /auth/devicename and POST /auth/register/device, answered as Aliyun does: HTTP 200 with `{code,data,message}`.</summary>
public static class AuthEndpoints
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();

    public static void Map(IEndpointRouteBuilder routes, AuthService auth)
    {
        routes.MapPost("/auth/devicename", async (HttpContext context) =>
            await AnswerAsync(context, "/auth/devicename", auth.AuthenticateDevice).ConfigureAwait(false));
        routes.MapPost("/auth/register/device", async (HttpContext context) =>
            await AnswerAsync(context, "/auth/register/device", auth.RegisterDevice).ConfigureAwait(false));
    }

    private static async Task AnswerAsync(HttpContext context, string path, Func<IReadOnlyDictionary<string, string>, AuthReply> handle)
    {
        var form = await ReadFormAsync(context.Request).ConfigureAwait(false);
        var reply = handle(form);
        form.TryGetValue("productKey", out var productKey);
        form.TryGetValue("deviceName", out var deviceName);
        Log.Info("{0} {1}/{2}: {3} {4}", path, productKey, deviceName, reply.Code, reply.Message);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json;charset=utf-8";
        await context.Response.WriteAsync(reply.ToJson()).ConfigureAwait(false);
    }

    /// <summary>
    /// Parses the body as x-www-form-urlencoded whatever the Content-Type says: modules send the
    /// header through AT+HTTPPARA="USER_DEFINED", and a typo there should not hide the real error.
    /// </summary>
    private static async Task<IReadOnlyDictionary<string, string>> ReadFormAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        return QueryHelpers.ParseQuery(body).ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
    }
}
