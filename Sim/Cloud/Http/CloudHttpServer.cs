using System.Net;
using System.Security.Cryptography.X509Certificates;
using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LuatHost.Sim.Cloud.Http;

/// <summary>Kestrel on 127.0.0.1 serving the auth endpoints and the admin API over HTTP and HTTPS.</summary>
public sealed class CloudHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CloudHttpServer(WebApplication app, int port, int tlsPort)
    {
        _app = app;
        Port = port;
        TlsPort = tlsPort;
    }

    public int Port { get; }

    public int TlsPort { get; }

    public static async Task<CloudHttpServer> StartAsync(int port, int tlsPort, X509Certificate2 certificate,
        AuthService auth, DeviceRegistry registry, CloudBroker broker, CancellationToken cancellationToken,
        Action<Microsoft.AspNetCore.Routing.IEndpointRouteBuilder>? mapMore = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders(); // the cloud logs through NLog; ASP.NET's console logger would bypass redaction
        builder.Services.AddSingleton<Microsoft.Extensions.Hosting.IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Listen(IPAddress.Loopback, tlsPort, listen => listen.UseHttps(certificate));
        });
        var app = builder.Build();
        AuthEndpoints.Map(app, auth);
        AdminEndpoints.Map(app, registry, broker);
        mapMore?.Invoke(app);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"cannot listen for HTTP on 127.0.0.1:{port} / {tlsPort}: {e.Message} (choose other ports)", e);
        }

        // Port 0 means "any free port": read back what Kestrel bound.
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var boundHttp = addresses.Select(a => new Uri(a)).First(u => u.Scheme == Uri.UriSchemeHttp).Port;
        var boundHttps = addresses.Select(a => new Uri(a)).First(u => u.Scheme == Uri.UriSchemeHttps).Port;
        return new CloudHttpServer(app, boundHttp, boundHttps);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
