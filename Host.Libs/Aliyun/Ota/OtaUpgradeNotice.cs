using System.Text.Json;

namespace LuatHost.Aliyun.Ota;

/// <summary>
/// An upgrade push on <c>/ota/device/upgrade/&lt;pk&gt;/&lt;dn&gt;</c> (docs/aliyun-iot.md §4.4):
/// <c>{"code":"1000","data":{"size":…,"version":"…","url":"https://…","md5":"…","signMethod":"MD5","module":"MCU"},"id":…,"message":"success"}</c>.
/// Luat's aLiYunOta needs url, size, md5 and version; so does this.
/// </summary>
public sealed record OtaUpgradeNotice(string Version, Uri Url, long Size, string Md5, string? Module)
{
    public static bool TryParse(ReadOnlySpan<byte> payload, out OtaUpgradeNotice? notice, out string? error)
    {
        notice = null;
        error = null;
        JsonElement data;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("data", out var d) || d.ValueKind != JsonValueKind.Object)
            {
                error = "the push has no \"data\" object";
                return false;
            }
            data = d.Clone();
        }
        catch (JsonException ex)
        {
            error = "the push is not JSON (" + ex.Message + ")";
            return false;
        }

        var version = Text(data, "version");
        var url = Text(data, "url");
        var md5 = Text(data, "md5");
        long size = data.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out var n) ? n
            : s.ValueKind == JsonValueKind.String && long.TryParse(s.GetString(), out var parsed) ? parsed : -1;
        if (string.IsNullOrEmpty(version))
        {
            error = "data.version is missing";
        }
        else if (string.IsNullOrEmpty(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            error = "data.url is missing or not an http(s) URL";
        }
        else if (size <= 0)
        {
            error = "data.size is missing or not a positive number";
        }
        else if (md5 is null || md5.Length != 32 || !md5.All(Uri.IsHexDigit))
        {
            error = "data.md5 is missing or not 32 hex digits";
        }
        else
        {
            notice = new OtaUpgradeNotice(version, uri, size, md5.ToUpperInvariant(), Text(data, "module"));
            return true;
        }
        return false;
    }

    private static string? Text(JsonElement data, string name) =>
        data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The URL without its query (OSS signatures live there).</summary>
    public string UrlWithoutQuery => Url.GetLeftPart(UriPartial.Path);

    /// <summary>The script's log line for a valid push (both faces print it alike); the URL query (OSS signature) is left out.</summary>
    public string AnnouncementText => $"upgrade to {Version} announced ({Size} bytes, md5 {Md5}, {UrlWithoutQuery}); downloading";
}
