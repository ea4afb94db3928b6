using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using LuatHost.Cloud.Tests.Support;
using LuatHost.Sim.Cloud.Ota;

namespace LuatHost.Cloud.Tests;

/// <summary>Package serving over the cloud's HTTPS, as OSS serves Aliyun's OTA packages (docs/aliyun-iot.md appendix).</summary>
public sealed class OtaServingTests
{
    private static async Task<(TestCloud Test, string Url, byte[] Bytes, string Md5, HttpClient Http)> PushedAsync(int size = 50_000, TimeSpan? lifetime = null)
    {
        var test = await TestCloud.StartAsync();
        if (lifetime is { } l) test.Cloud.Ota.UrlLifetime = l;
        var (path, md5, bytes) = OtaDevice.Package(test, size);
        using var device = await OtaDevice.ConnectAsync(test, OtaDevice.UpgradeTopic);
        test.Cloud.Ota.Push(Tutorial.ProductKey, Tutorial.DeviceName, path, "2.0.0");
        var push = await device.NextAsync(OtaDevice.UpgradeTopic);
        var url = OtaDevice.Local(test, (string)push["data"]!["url"]!);
        return (test, url, bytes, md5, LoopbackHttp.Create(test.Cloud.Certificate));
    }

    private static HttpRequestMessage Get(string url, string? range = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (range is not null) request.Headers.TryAddWithoutValidation("Range", range);
        return request;
    }

    [Fact]
    public async Task Open_range_from_zero_is_answered_206_with_content_range_and_the_whole_package()
    {
        var (test, url, bytes, md5, http) = await PushedAsync();
        await using var _ = test;
        using var __ = http;

        using var response = await http.SendAsync(Get(url, "bytes=0-"));
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(0, bytes.Length - 1, bytes.Length), response.Content.Headers.ContentRange);
        Assert.Equal(md5, Convert.ToHexStringLower(MD5.HashData(body)));
    }

    [Fact]
    public async Task Open_range_from_an_offset_returns_the_rest_and_a_closed_range_returns_exactly_it()
    {
        var (test, url, bytes, _, http) = await PushedAsync();
        await using var _ = test;
        using var __ = http;

        using var rest = await http.SendAsync(Get(url, "bytes=20000-"));
        using var slice = await http.SendAsync(Get(url, "bytes=100-199"));
        using var past = await http.SendAsync(Get(url, $"bytes={bytes.Length}-"));
        using var whole = await http.SendAsync(Get(url));

        Assert.Equal(bytes[20000..], await rest.Content.ReadAsByteArrayAsync());
        Assert.Equal($"bytes 20000-{bytes.Length - 1}/{bytes.Length}", rest.Content.Headers.ContentRange!.ToString());
        Assert.Equal(bytes[100..200], await slice.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, past.StatusCode);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(bytes, await whole.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Expired_url_and_tampered_signature_are_refused_with_403()
    {
        var (test, url, _, _, http) = await PushedAsync(lifetime: TimeSpan.FromMinutes(-1));
        await using var _ = test;
        using var __ = http;

        using var expired = await http.SendAsync(Get(url, "bytes=0-"));
        using var tampered = await http.SendAsync(Get(url.Replace("Signature=", "Signature=x", StringComparison.Ordinal), "bytes=0-"));

        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("Request has expired", await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Contains("SignatureDoesNotMatch", await tampered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Fault_knobs_fail_twice_then_cut_at_an_offset_then_corrupt_one_byte()
    {
        var (test, url, bytes, md5, http) = await PushedAsync();
        await using var _ = test;
        using var __ = http;
        var faults = test.Cloud.Ota.Faults;

        faults.FailuresLeft = 2;
        using var first = await http.SendAsync(Get(url, "bytes=0-"));
        using var second = await http.SendAsync(Get(url, "bytes=0-"));
        faults.CutAtOffset = 20_000;
        using var cutResponse = await http.SendAsync(Get(url, "bytes=0-"), HttpCompletionOption.ResponseHeadersRead);
        var kept = new MemoryStream();
        await Assert.ThrowsAnyAsync<Exception>(() => cutResponse.Content.CopyToAsync(kept));
        faults.CorruptOffset = 30_000;
        using var corrupted = await http.SendAsync(Get(url, $"bytes={kept.Length}-"));
        var rest = await corrupted.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, second.StatusCode);
        Assert.Equal(20_000, kept.Length);
        Assert.Equal(bytes[..20_000], kept.ToArray());
        var whole = kept.ToArray().Concat(rest).ToArray();
        Assert.Equal(bytes.Length, whole.Length);
        Assert.NotEqual(md5, Convert.ToHexStringLower(MD5.HashData(whole)));
        Assert.Equal(1, whole.Zip(bytes).Count(p => p.First != p.Second));
        Assert.Contains(test.Cloud.Ota.Downloads, d => d.Cut && d.BytesSent == 20_000);
    }

    [Fact]
    public void Range_header_forms_parse_as_RFC_9110_says()
    {
        Assert.Equal(new ByteRange(0, 99), ByteRange.Parse("bytes=0-", 100, out _));
        Assert.Equal(new ByteRange(90, 99), ByteRange.Parse("bytes=-10", 100, out _));
        Assert.Equal(new ByteRange(5, 99), ByteRange.Parse("bytes=5-1000", 100, out _));
        Assert.Null(ByteRange.Parse("bytes=100-", 100, out var past));
        Assert.True(past);
        Assert.Null(ByteRange.Parse("bytes=0-1,5-6", 100, out var multi));
        Assert.False(multi);
    }
}
