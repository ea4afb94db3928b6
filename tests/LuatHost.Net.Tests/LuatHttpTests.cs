using System.Security.Cryptography;
using LuatHost.Net.Tests.Support;

namespace LuatHost.Net.Tests;

/// <summary>Luat's http.request end to end: Lua script → AT → virtual module → real Kestrel; shapes from Luat's lib/http.lua.</summary>
public sealed class LuatHttpTests : IAsyncLifetime
{
    private const string Host = "api.example.test";
    private WebOverModule _web = null!;

    private ModemLink Link => _web.Link;

    public async Task InitializeAsync() => _web = await WebOverModule.StartAsync(Host);

    public Task DisposeAsync() => _web.DisposeAsync().AsTask();

    [Fact]
    public async Task Get_calls_back_true_with_the_status_as_a_string_the_head_table_and_the_body()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("http", $$"""
            http.request("GET", "https://{{Host}}/status/201", nil, {Accept = "text/plain"}, nil, 30000, function(result, prompt, head, body)
              print(result, prompt, type(prompt), head["Content-Type"], body)
              sys.publish("DONE")
            end)
            sys.waitUntil("DONE", 30000)
            """, Link);

        script.AssertLines("true\t201\tstring\ttext/plain; charset=utf-8\tstatus 201");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Download_of_2_MB_to_a_file_returns_the_path_and_the_file_md5_matches()
    {
        const int size = 2 * 1024 * 1024;
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("http", $$"""
            local path = http.request("GET", "{{Host}}/bytes/{{size}}", nil, nil, nil, 30000, function(result, prompt, head, body)
              print(result, prompt, head["Content-Length"], body)
              sys.publish("DONE")
            end, "/fw.bin")
            print("returned", path)
            sys.waitUntil("DONE", 120000)
            """, Link, TimeSpan.FromSeconds(180));

        script.AssertLines("returned\t/fw.bin", $"true\t200\t{size}\t/fw.bin");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(MD5.HashData(TestWebServer.Pattern(size)), MD5.HashData(File.ReadAllBytes(Path.Combine(script.DataDirectory, "fw.bin"))));
    }

    [Fact]
    public async Task A_function_sink_gets_each_chunk_with_the_total_from_content_range_and_can_stop()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("http", $$"""
            local got = 0
            http.request("GET", "http://{{Host}}/bytes/20000", nil, {Range = "bytes=100-"}, nil, 30000, function(result, prompt, head, body)
              print(result, prompt, head["Content-Range"], got)
              sys.publish("DONE")
            end, function(data, total, status)
              got = got + #data
              if got >= 8192 then return true end
            end)
            sys.waitUntil("DONE", 30000)
            """, Link);

        script.AssertLines("true\t206\tbytes 100-19999/20000\t8192");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Post_sends_a_body_built_from_strings_and_a_file()
    {
        using var script = new LuatScript();
        script.File("part.bin", [0, 13, 10, 255]);
        var result = await script.RunTaskAsync("http", $$"""
            http.request("POST", "http://{{Host}}/echo", nil, {["Content-Type"] = "application/octet-stream"},
              {"head:", {file = "/lua/part.bin"}, {file_base64 = "/lua/part.bin"}, ":tail"}, 30000, function(result, prompt, head, body)
              print(result, prompt, (body:toHex()))
              sys.publish("DONE")
            end)
            sys.waitUntil("DONE", 30000)
            """, Link);

        Assert.Equal(0, result.ExitCode);
        // "AA0K/w==" is the RFC 4648 base64 of 00 0D 0A FF.
        Assert.Equal(["true\t200\t" + Convert.ToHexString("head:"u8.ToArray().Concat(new byte[] { 0, 13, 10, 255 }).Concat("AA0K/w==:tail"u8.ToArray()).ToArray())],
            script.Lines);
    }

    [Fact]
    public async Task Not_found_is_a_true_result_with_prompt_404()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("http", $$"""
            http.request("GET", "http://{{Host}}/status/404", nil, nil, nil, nil, function(result, prompt, head, body)
              print(result, prompt, body)
              sys.publish("DONE")
            end)
            sys.waitUntil("DONE", 30000)
            """, Link);

        script.AssertLines("true\t404\tstatus 404");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Head_calls_back_with_the_headers_and_an_empty_body()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("http", $$"""
            http.request("HEAD", "http://{{Host}}/bytes/1234", nil, nil, nil, nil, function(result, prompt, head, body)
              print(result, prompt, head["Content-Length"], body == "")
              sys.publish("DONE")
            end)
            sys.waitUntil("DONE", 30000)
            """, Link);

        script.AssertLines("true\t200\t1234\ttrue");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Unknown_host_fails_with_connect_fail_and_one_host_line_naming_it_and_map()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("http", """
            http.request("GET", "http://no-such-host.invalid/x", nil, nil, nil, 30000, function(result, prompt, head, body)
              print(result, prompt, head)
              sys.publish("DONE")
            end)
            sys.waitUntil("DONE", 30000)
            """, Link);

        script.AssertLines("[E]-[http.response]\tfalse\tconnect fail", "false\tconnect fail\tnil");
        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(script.HostLines);
        Assert.Contains("'no-such-host.invalid'", line);
        Assert.Contains("--map no-such-host.invalid=", line);
    }

    [Fact]
    public async Task Malformed_url_fails_with_luats_invalid_url_prompt()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("http", """
            http.request("GET", "http://", nil, nil, nil, 30000, function(result, prompt)
              print(result, prompt)
              sys.publish("DONE")
            end)
            sys.waitUntil("DONE", 30000)
            """, Link);

        script.AssertLines("[E]-[http.response]\tfalse\tInvalid url, can't get host", "false\tInvalid url, can't get host");
        Assert.Equal(0, result.ExitCode);
        Assert.Single(script.HostLines);
    }
}
