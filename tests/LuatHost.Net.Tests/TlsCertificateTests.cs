using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests;

/// <summary>
/// Luat's cert argument ({caCert = "ca.crt"}, a file in the project, lib/socket.lua and lib/mqtt.lua): the module trusts
/// that CA for the link and nothing else, so TLS to a local server with its own self-signed certificate works with
/// the right CA and fails (Luat's false) without it or with another one. The module here has no pinned certificate.
/// </summary>
public sealed class TlsCertificateTests : IAsyncLifetime
{
    private const string Host = "secure.example.test";
    private readonly EchoServer _echo = new();
    private LocalBroker _broker = null!;
    private TestWebServer _web = null!;
    private ModemLink _link = null!;

    public async Task InitializeAsync()
    {
        _broker = await LocalBroker.StartAsync();
        _web = await TestWebServer.StartAsync();
        _link = await ModemLink.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap()
                .Add(Host, 8883, "127.0.0.1", _broker.TlsPort)
                .Add(Host, "127.0.0.1", _web.HttpsPort, RemoteProtocol.Https)
                .Add(Host, "127.0.0.1", _echo.TlsPort, RemoteProtocol.Tls),
        });
    }

    public async Task DisposeAsync()
    {
        await _link.DisposeAsync();
        await _web.DisposeAsync();
        await _broker.DisposeAsync();
        await _echo.DisposeAsync();
    }

    private static string OtherCaPem()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=some-other-ca", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return ca.ExportCertificatePem();
    }

    [Fact]
    public async Task Tls_socket_and_mqtt_trust_the_scripts_ca_and_fail_without_it()
    {
        using var script = new LuatScript()
            .File("ca.crt", System.Text.Encoding.ASCII.GetBytes(TestCertificate.Server.ExportCertificatePem()))
            .File("other.crt", System.Text.Encoding.ASCII.GetBytes(OtherCaPem()));
        var result = await script.RunTaskAsync("socket, mqtt", $$"""
            while not socket.isReady() do sys.waitUntil("IP_READY_IND", 30000) end
            local c = socket.tcp(true, {caCert = "ca.crt"})
            print("right ca", c:connect("{{Host}}", 7000))
            c:send("tls")
            print("echo", c:recv(10000))
            c:close()
            local d = socket.tcp(true)
            print("no ca", d:connect("{{Host}}", 7000))
            d:close()
            local e = socket.tcp(true, {caCert = "other.crt"})
            print("other ca", e:connect("{{Host}}", 7000))
            e:close()
            local m = mqtt.client("luat-tls", 60, "luat", "s3cret")
            print("mqtt other ca", m:connect("{{Host}}", 8883, "tcp_ssl", {caCert = "/lua/other.crt"}))
            print("mqtt right ca", m:connect("{{Host}}", 8883, "tcp_ssl", {caCert = "/lua/ca.crt"}))
            m:disconnect()
            """, _link, TimeSpan.FromSeconds(90));

        var printed = script.Lines.Where(l => !l.StartsWith('[')).ToList();
        Assert.True(new[]
        {
            "right ca\ttrue\t0",
            "echo\ttrue\ttls",
            "no ca\tfalse",
            "other ca\tfalse",
            "mqtt other ca\tfalse",
            "mqtt right ca\ttrue",
        }.SequenceEqual(printed), "script lines:\n" + string.Join("\n", script.Lines) + "\nhost lines:\n" + string.Join("\n", script.HostLines));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(3, script.HostLines.Count(l => l.Contains($"could not open TLS to {Host}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Https_request_trusts_the_scripts_ca_and_fails_with_another()
    {
        using var script = new LuatScript()
            .File("ca.crt", System.Text.Encoding.ASCII.GetBytes(TestCertificate.Server.ExportCertificatePem()))
            .File("other.crt", System.Text.Encoding.ASCII.GetBytes(OtherCaPem()));
        await script.RunTaskAsync("http", $$"""
            while not socket.isReady() do sys.waitUntil("IP_READY_IND", 30000) end
            for _, ca in ipairs({"other.crt", "ca.crt"}) do
              http.request("POST", "https://{{Host}}/echo", {caCert = ca}, nil, "hello", 30000, function(result, prompt, head, body)
                print(ca, result, prompt, body)
                sys.publish("DONE")
              end)
              sys.waitUntil("DONE", 30000)
            end
            """, _link, TimeSpan.FromSeconds(90));

        var printed = script.Lines.Where(l => !l.StartsWith('[')).ToList();
        Assert.True(new[] { "other.crt\tfalse\tconnect fail\t", "ca.crt\ttrue\t200\thello" }.SequenceEqual(printed),
            "script lines:\n" + string.Join("\n", script.Lines) + "\nhost lines:\n" + string.Join("\n", script.HostLines));
    }
}
