using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// A URL as Luat's http.lua accepts it — <c>[http[s]://][user:pass@]host[:port][/path]</c>, scheme defaulting to
/// http — split into what the module gets (<see cref="ModuleUrl"/>, without credentials) and the credentials the host
/// turns into an <c>Authorization: Basic</c> header.
/// </summary>
public sealed record HttpUrl(string ModuleUrl, string Host, int Port, bool IsHttps, string? UserInfo)
{
    /// <summary>Parses <paramref name="url"/>; throws <see cref="AtArgumentException"/> naming the URL when it is not one.</summary>
    public static HttpUrl Parse(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var text = url.Trim();
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "http://" + text;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Host.Length == 0 || text.AsSpan().IndexOfAny(" \r\n\"") >= 0)
        {
            throw new AtArgumentException($"'{Shorten(url)}' is not an HTTP URL; write it as http[s]://[user:pass@]host[:port][/path].");
        }
        var userInfo = uri.UserInfo.Length == 0 ? null : uri.UserInfo;
        var builder = new UriBuilder(uri) { UserName = "", Password = "" };
        var moduleUrl = builder.Uri.IsDefaultPort
            ? $"{uri.Scheme}://{uri.Host}{uri.PathAndQuery}"
            : $"{uri.Scheme}://{uri.Host}:{uri.Port}{uri.PathAndQuery}";
        return new HttpUrl(moduleUrl, uri.Host, uri.Port, uri.Scheme == Uri.UriSchemeHttps, userInfo);
    }

    // The URL may carry user:pass@ — never echo more than the part before it.
    private static string Shorten(string url)
    {
        var at = url.IndexOf('@');
        var cut = at >= 0 ? url[(at + 1)..] : url;
        return cut.Length > 80 ? cut[..80] + "…" : cut;
    }
}
