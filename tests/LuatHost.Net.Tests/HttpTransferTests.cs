using System.Security.Cryptography;
using System.Text;
using LuatHost.At;
using LuatHost.Modem;
using LuatHost.Net.Tests.Support;

namespace LuatHost.Net.Tests;

/// <summary>The module-side HTTP primitive end to end: AT engine → virtual module → real Kestrel server.</summary>
public sealed class HttpTransferTests : IAsyncLifetime
{
    private const string Host = "files.example.test";
    private WebOverModule _web = null!;

    private ModemLink Link => _web.Link;

    public async Task InitializeAsync() => _web = await WebOverModule.StartAsync(Host);

    public Task DisposeAsync() => _web.DisposeAsync().AsTask();

    [Fact]
    public async Task Download_of_2_MB_arrives_whole_in_chunks_no_larger_than_one_read()
    {
        const int size = 2 * 1024 * 1024;
        var transfer = new HttpTransfer(Link.Modem);
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var largest = 0;
        long total = 0;
        var result = await transfer.SendAsync(new HttpTransferRequest(HttpAction.Get, $"http://{Host}/bytes/{size}"), (chunk, _) =>
        {
            largest = Math.Max(largest, chunk.Length);
            total += chunk.Length;
            md5.AppendData(chunk.Span);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(size, result.ContentLength);
        Assert.Equal(size, total);
        Assert.True(largest <= HttpTransfer.DefaultChunkBytes, $"a chunk of {largest} bytes");
        Assert.Equal(Convert.ToHexString(MD5.HashData(TestWebServer.Pattern(size))), Convert.ToHexString(md5.GetHashAndReset()));
    }

    [Fact]
    public async Task Ranged_request_answers_206_with_the_slice_and_content_range()
    {
        var transfer = new HttpTransfer(Link.Modem);
        using var sink = new MemoryStream();
        var result = await transfer.DownloadAsync($"http://{Host}/bytes/10000", [new("Range", "bytes=1000-")], sink);

        Assert.Equal(206, result.StatusCode);
        Assert.Equal("bytes 1000-9999/10000", result.Header("Content-Range"));
        Assert.Equal(TestWebServer.Pattern(10000)[1000..], sink.ToArray());
    }

    [Fact]
    public async Task Https_download_through_the_host_map_trusts_the_pinned_certificate()
    {
        var transfer = new HttpTransfer(Link.Modem);
        using var sink = new MemoryStream();
        var result = await transfer.DownloadAsync($"https://{Host}/bytes/5000", null, sink);

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(TestWebServer.Pattern(5000), sink.ToArray());
    }

    [Fact]
    public async Task Post_sends_the_body_and_reads_the_answer()
    {
        var body = "a=1&b=\r\n\0x"u8.ToArray();
        var transfer = new HttpTransfer(Link.Modem);
        using var sink = new MemoryStream();
        var result = await transfer.SendAsync(new HttpTransferRequest(HttpAction.Post, $"http://{Host}/echo")
        {
            Headers = [new("Content-Type", "application/x-www-form-urlencoded")],
            Body = body,
        }, (chunk, ct) => sink.WriteAsync(chunk, ct));

        Assert.Equal(200, result.StatusCode);
        Assert.Equal(body, sink.ToArray());
        Assert.StartsWith("application/x-www-form-urlencoded", result.Header("Content-Type"));
    }

    [Fact]
    public async Task Head_reports_the_length_and_reads_no_body()
    {
        var transfer = new HttpTransfer(Link.Modem);
        var called = false;
        var result = await transfer.SendAsync(new HttpTransferRequest(HttpAction.Head, $"http://{Host}/bytes/777"), (_, _) =>
        {
            called = true;
            return ValueTask.CompletedTask;
        });

        Assert.Equal(200, result.StatusCode);
        Assert.Equal("777", result.Header("Content-Length"));
        Assert.False(called);
    }

    [Fact]
    public async Task Not_found_is_a_status_not_an_exception()
    {
        using var sink = new MemoryStream();
        var result = await new HttpTransfer(Link.Modem).DownloadAsync($"http://{Host}/status/404", null, sink);

        Assert.Equal(404, result.StatusCode);
        Assert.Equal("status 404", Encoding.UTF8.GetString(sink.ToArray()));
    }

    [Fact]
    public async Task User_and_password_in_the_url_become_basic_authorization()
    {
        // RFC 7617 §2's example: Aladdin / open sesame → QWxhZGRpbjpvcGVuIHNlc2FtZQ==
        using var sink = new MemoryStream();
        var result = await new HttpTransfer(Link.Modem).DownloadAsync($"http://Aladdin:open%20sesame@{Host}/headers", null, sink);

        Assert.Equal(200, result.StatusCode);
        Assert.Contains("Authorization: Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", Encoding.UTF8.GetString(sink.ToArray()));
    }

    [Fact]
    public async Task Unresolvable_host_gives_the_module_dns_error()
    {
        using var sink = new MemoryStream();
        var result = await new HttpTransfer(Link.Modem).DownloadAsync("http://no-such-host.invalid/x", null, sink);

        Assert.Equal(603, result.StatusCode);
        Assert.True(result.IsModuleError);
    }

    [Fact]
    public async Task Server_closing_mid_body_gives_the_module_network_error()
    {
        using var sink = new MemoryStream();
        var result = await new HttpTransfer(Link.Modem).DownloadAsync($"http://{Host}/cut/100000", null, sink);

        Assert.Equal(601, result.StatusCode);
    }

    [Theory]
    [InlineData("ftp://files.example.test/a")]
    [InlineData("http://")]
    [InlineData("http://host/a b")]
    public async Task Malformed_url_is_refused_before_anything_is_sent(string url)
    {
        using var sink = new MemoryStream();
        var error = await Assert.ThrowsAsync<AtArgumentException>(() => new HttpTransfer(Link.Modem).DownloadAsync(url, null, sink));
        Assert.Contains("is not an HTTP URL", error.Message);
    }
}
