using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace LuatHost.Net.Tests.Support;

/// <summary>
/// A real Kestrel server on loopback (HTTP and HTTPS with <see cref="TestCertificate"/>):
/// <c>/bytes/{n}</c> n deterministic bytes with range support, <c>/echo</c> the request body back,
/// <c>/headers</c> the request headers as text, <c>/status/{code}</c>, <c>/cut/{n}</c> announces n bytes then aborts;
/// ASP.NET Core's own WebSocket protocol at <c>/ws/echo</c> and <c>/ws/script</c> (<see cref="WebSocketPeer"/>);
/// <c>/upgrade/{package|redirect|none}</c> an upgrade service as Luat's lib/update.lua meets it (a package of
/// <see cref="UpgradePackageBytes"/> with range support, a 302 to the package, a 404 with the service's JSON error),
/// each request's path, query and Range kept in <see cref="UpgradeRequests"/>.
/// </summary>
internal sealed class TestWebServer : IAsyncDisposable
{
    /// <summary>The size of the package <c>/upgrade/package</c> serves.</summary>
    public const int UpgradePackageBytes = 3000;

    private readonly WebApplication _app;

    private TestWebServer(WebApplication app, int httpPort, int httpsPort)
    {
        _app = app;
        HttpPort = httpPort;
        HttpsPort = httpsPort;
    }

    public int HttpPort { get; }

    public int HttpsPort { get; }

    /// <summary>Each <c>/upgrade/…</c> request: "path?query Range: bytes=…".</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> UpgradeRequests => _upgrades;

    private System.Collections.Concurrent.ConcurrentQueue<string> _upgrades = new();

    /// <summary>The body <c>/bytes/{n}</c> serves: byte i is (i * 31 + i / 256) mod 256 — every value, CR, LF and NUL included.</summary>
    public static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (byte)((i * 31) + (i / 256));
        }
        return data;
    }

    public static async Task<TestWebServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(TestCertificate.Server));
        });
        var app = builder.Build();
        app.MapGet("/bytes/{n:int}", (int n) => Results.Bytes(Pattern(n), "application/octet-stream", enableRangeProcessing: true));
        app.MapMethods("/bytes/{n:int}", ["HEAD"], (int n, HttpContext c) =>
        {
            c.Response.ContentLength = n;
            c.Response.ContentType = "application/octet-stream";
            return Results.Empty;
        });
        app.MapPost("/echo", async (HttpContext c) =>
        {
            using var buffer = new MemoryStream();
            await c.Request.Body.CopyToAsync(buffer);
            c.Response.ContentType = c.Request.ContentType ?? "application/octet-stream";
            await c.Response.Body.WriteAsync(buffer.ToArray());
        });
        app.MapGet("/headers", (HttpContext c) =>
            Results.Text(string.Join("\n", c.Request.Headers.Select(h => $"{h.Key}: {h.Value}")), "text/plain"));
        app.MapGet("/status/{code:int}", (int code) => Results.Text($"status {code}", "text/plain", Encoding.UTF8, code));
        app.MapGet("/cut/{n:int}", async (int n, HttpContext c) =>
        {
            c.Response.ContentLength = n;
            await c.Response.Body.WriteAsync(Pattern(n / 2));
            await c.Response.Body.FlushAsync();
            c.Abort();
        });
        var upgrades = new System.Collections.Concurrent.ConcurrentQueue<string>();
        app.MapGet("/upgrade/{scenario}", (string scenario, HttpContext c) =>
        {
            upgrades.Enqueue($"{c.Request.Path}{c.Request.QueryString} Range: {c.Request.Headers.Range}");
            return scenario switch
            {
                "package" => Results.Bytes(Pattern(UpgradePackageBytes), "application/octet-stream", enableRangeProcessing: true),
                "redirect" => Results.Redirect("/upgrade/package"),
                // An error in the JSON shape lib/update.lua reads ("code", and "msg" in \u escapes); the code and the text
                // ("没有可用的升级包", no package available) are made up: no public source shows the service's own.
                _ => Results.Text("{\"code\":17,\"msg\":\"\\u6ca1\\u6709\\u53ef\\u7528\\u7684\\u5347\\u7ea7\\u5305\"}", "application/json", Encoding.UTF8, 404),
            };
        });
        app.UseWebSockets();
        app.Map("/ws/echo", (HttpContext c) => WebSocketPeer.AcceptAsync(c, WebSocketPeer.EchoAsync));
        app.Map("/ws/script", (HttpContext c) => WebSocketPeer.AcceptAsync(c, WebSocketPeer.ScriptedAsync));
        await app.StartAsync();
        var ports = app.Urls.Select(u => new Uri(u)).ToList();
        var server = new TestWebServer(app, ports.First(u => u.Scheme == "http").Port, ports.First(u => u.Scheme == "https").Port);
        server._upgrades = upgrades;
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
