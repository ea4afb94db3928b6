using LuatHost.Modem;
using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests.Support;

/// <summary>
/// The HTTP tests' world: a real Kestrel server (<see cref="TestWebServer"/>) that a virtual module reaches through
/// its host map — one host name to the server's HTTP and HTTPS ports, the test certificate pinned — and the AT
/// engine on the other end of the link. One per test.
/// </summary>
internal sealed class WebOverModule : IAsyncDisposable
{
    private WebOverModule(TestWebServer server, ModemLink link)
    {
        Server = server;
        Link = link;
    }

    public TestWebServer Server { get; }

    public ModemLink Link { get; }

    public static async Task<WebOverModule> StartAsync(string host)
    {
        var server = await TestWebServer.StartAsync();
        try
        {
            var link = await ModemLink.StartAsync(new ModuleOptions
            {
                HostMap = new HostMap()
                    .Add(host, "127.0.0.1", server.HttpPort, RemoteProtocol.Http)
                    .Add(host, "127.0.0.1", server.HttpsPort, RemoteProtocol.Https)
                    .Add(host, "127.0.0.1", server.HttpPort, RemoteProtocol.Tcp)
                    .Add(host, "127.0.0.1", server.HttpsPort, RemoteProtocol.Tls),
                PinnedCertificate = TestCertificate.Server,
            });
            return new WebOverModule(server, link);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Link.DisposeAsync();
        await Server.DisposeAsync();
    }
}
