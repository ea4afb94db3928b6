using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 answering <c>POST /auth/devicename</c> the way Aliyun's iot-auth does in the
/// seed tutorial: it checks the HmacMD5 sign and returns the tutorial's 124-byte iotId/iotToken JSON.
/// </summary>
public sealed class AuthHttpServer : IAsyncDisposable
{
    public const string DeviceSecret = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O";
    public const string TokenJson =
        "{\"code\":200,\"data\":{\"iotId\":\"GAQYuiW0qid2H5NfMu9l000100\",\"iotToken\":\"^1^1589511374876^27f6f5a03b709fc\"},\"message\":\"success\"}";

    private readonly WebApplication _app;

    private AuthHttpServer(WebApplication app, int httpPort, int httpsPort)
    {
        _app = app;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int HttpPort { get; }
    public int HttpsPort { get; }
    public string? LastContentType { get; private set; }
    public string? LastBody { get; private set; }

    public static async Task<AuthHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        // Port 0: the OS picks free ports, so parallel test runs never collide.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(TestCertificate.Server));
        });
        var app = builder.Build();
        AuthHttpServer? server = null;
        app.MapPost("/auth/devicename", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            server!.LastBody = body;
            server.LastContentType = request.ContentType;
            var form = System.Web.HttpUtility.ParseQueryString(body);
            var content = $"clientId{form["clientId"]}deviceName{form["deviceName"]}productKey{form["productKey"]}";
            var sign = Convert.ToHexStringLower(HMACMD5.HashData(Encoding.UTF8.GetBytes(DeviceSecret), Encoding.UTF8.GetBytes(content)));
            return string.Equals(sign, form["sign"], StringComparison.OrdinalIgnoreCase)
                ? Results.Text(TokenJson, "application/json")
                : Results.Text("{\"code\":460,\"message\":\"sign check failed\"}", "application/json");
        });
        app.MapGet("/ping", () => Results.Text("pong"));
        // Never answers: keeps an AT+HTTPACTION in flight until the client gives up.
        app.MapGet("/hang", async (HttpContext context) =>
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return Results.Empty;
        });
        await app.StartAsync();
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses
            .Select(address => new Uri(address)).ToList();
        server = new AuthHttpServer(app,
            addresses.Single(uri => uri.Scheme == Uri.UriSchemeHttp).Port,
            addresses.Single(uri => uri.Scheme == Uri.UriSchemeHttps).Port);
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
