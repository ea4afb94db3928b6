using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LuatHost.Sim.Cloud.Console;

/// <summary>Where the console listens. Loopback unless the user names another address (and is warned).</summary>
public sealed record ConsoleOptions
{
    /// <summary>The default console port of `luathost cloud` (a fixed one, so the page can be bookmarked).</summary>
    public const int DefaultPort = 8910;

    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>0 = any free port.</summary>
    public int Port { get; init; }
}

/// <summary>The console's port is taken or its address cannot be bound; the message names it and the way out.</summary>
public sealed class ConsoleBindException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The local cloud's web console (Aliyun's 设备管理 and 日志服务 pages in miniature): static page, JSON endpoints and
/// a server-sent event stream, on its own Kestrel listener next to the cloud's HTTP auth service.
/// </summary>
public sealed class ConsoleServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ConsoleServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>The page's address, to print for the user.</summary>
    public Uri Url { get; }

    public static async Task<ConsoleServer> StartAsync(LocalCloud cloud, ConsoleOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders(); // NLog only: ASP.NET's console logger would bypass secret redaction
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, Http.EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.BindAddress, options.Port));
        var app = builder.Build();
        ConsoleEndpoints.Map(app, cloud, new AllowedHosts(options.BindAddress));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var what = options.Port == 0 ? $"{options.BindAddress}" : $"port {options.Port} on {options.BindAddress}";
            throw new ConsoleBindException(
                $"the web console cannot listen on {what} ({e.Message}); another luathost console may be running there — choose another port with --console-port N (0 = any free port)", e);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).First();
        var host = options.BindAddress.Equals(IPAddress.Any) || options.BindAddress.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : address.Host;
        return new ConsoleServer(app, new Uri($"http://{host}:{address.Port}/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
