using System.Security.Cryptography;
using LuatHost.Net.Tests.Support;
using LuatHost.Runtime;
using LuatHost.Scripting;

namespace LuatHost.Net.Tests;

/// <summary>The C# scripts' `http` global over the same module HTTP service as the Lua binding.</summary>
public sealed class ScriptHttpTests : IAsyncLifetime
{
    private const string Host = "files.example.test";
    private WebOverModule _web = null!;

    private ModemLink Link => _web.Link;

    public async Task InitializeAsync() => _web = await WebOverModule.StartAsync(Host);

    public Task DisposeAsync() => _web.DisposeAsync().AsTask();

    [Fact]
    public async Task Post_answers_with_status_and_body_and_download_writes_the_file()
    {
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, _ => { }, new ScriptDevice(Link.Modem));

        var answer = await globals.http.RequestAsync("POST", $"http://{Host}/echo", new Dictionary<string, string> { ["Content-Type"] = "text/plain" }, "hi there");
        Assert.Equal(200, answer.StatusCode);
        Assert.Equal("hi there", answer.Text);

        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N") + ".bin");
        try
        {
            var result = await globals.http.DownloadAsync($"http://{Host}/bytes/300000", path);
            Assert.Equal(200, result.StatusCode);
            Assert.Equal(MD5.HashData(TestWebServer.Pattern(300000)), MD5.HashData(await File.ReadAllBytesAsync(path)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Without_a_module_the_global_says_so()
    {
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, _ => { });

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => globals.http.RequestAsync("GET", "http://x/"));
        Assert.Contains("no module attached", error.Message);
    }
}
