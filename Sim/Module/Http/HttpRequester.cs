using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace LuatHost.Sim.Module.Http;

/// <summary>What an <c>AT+HTTPACTION</c> produced: status (or a module error 60x), headers text, body.</summary>
internal sealed record HttpOutcome(int Status, byte[] Body, string Headers);

/// <summary>
/// Makes the real HTTP(S) request behind <c>AT+HTTPACTION</c>. Connections go through the <see cref="HostMap"/>
/// (Host header and TLS SNI keep the original name) and TLS trusts the pinned certificate when one is set.
/// Failures become the module's own status codes: 601 network, 603 DNS, 605 SSL set-up (§4).
/// </summary>
internal sealed class HttpRequester : IDisposable
{
    private readonly HttpClient _client;

    /// <param name="trust">The server check per connection (the HTTP SSL context's CA, AT+SSLCFG); null = <see cref="TlsTrust"/>.</param>
    public HttpRequester(ModuleOptions options, Func<RemoteCertificateValidationCallback>? trust = null)
    {
        var check = trust ?? (() => TlsTrust.For(options.PinnedCertificate));
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            // The module's default User-Agent is "合宙 module" (§4), which is not ASCII.
            RequestHeaderEncodingSelector = (_, _) => System.Text.Encoding.UTF8,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (sender, certificate, chain, errors) => check()(sender, certificate, chain, errors),
            },
            ConnectCallback = async (context, cancel) =>
            {
                var https = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttps;
                var target = options.HostMap.Resolve(context.DnsEndPoint.Host, context.DnsEndPoint.Port,
                    https ? RemoteProtocol.Https : RemoteProtocol.Http);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(target.Host, target.Port, cancel).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _client = new HttpClient(handler) { Timeout = options.HttpTimeout };
    }

    public async Task<HttpOutcome> SendAsync(HttpMethod method, string url, IReadOnlyList<string> headerLines, string? contentType,
        string userAgent, byte[]? body, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        string? bodyContentType = contentType;
        foreach (var line in headerLines)
        {
            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                bodyContentType = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (body is not null && method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Content = new ByteArrayContent(body);
            if (bodyContentType is not null)
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(bodyContentType);
            }
        }
        try
        {
            using var response = await _client.SendAsync(request, cancel).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(cancel).ConfigureAwait(false);
            return new HttpOutcome((int)response.StatusCode, bytes, HeaderText(response));
        }
        catch (HttpRequestException ex) when (ex.InnerException is AuthenticationException)
        {
            return new HttpOutcome(605, [], "");
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.NameResolutionError
                                              || (ex.InnerException is SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData }))
        {
            return new HttpOutcome(603, [], "");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException && !cancel.IsCancellationRequested)
        {
            return new HttpOutcome(601, [], "");
        }
    }

    private static string HeaderText(HttpResponseMessage response)
    {
        // The openLuat worked example and FAQ print the header lines alone, without the status line (docs/air724-at.md §4, §10).
        var text = new System.Text.StringBuilder();
        foreach (var header in response.Headers.Concat(response.Content.Headers))
        {
            text.Append(header.Key).Append(": ").Append(string.Join(", ", header.Value)).Append("\r\n");
        }
        return text.ToString();
    }

    public void Dispose() => _client.Dispose();
}
