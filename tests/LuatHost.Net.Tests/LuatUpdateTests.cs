using LuatHost.Net.Tests.Support;

namespace LuatHost.Net.Tests;

/// <summary>
/// The update library (the API of Luat's lib/update.lua) against an upgrade service on Kestrel reached through the
/// virtual module: the query Luat's library builds (project key, IMEI, firmware name from PROJECT and the core's name,
/// core version, version), the Range it sends, a redirect followed, the package handed over with Luat's events, and the
/// service's error answer.
/// </summary>
public sealed class LuatUpdateTests : IAsyncLifetime
{
    private const string Host = "update.example.test";
    private WebOverModule _web = null!;

    public async Task InitializeAsync() => _web = await WebOverModule.StartAsync(Host);

    public Task DisposeAsync() => _web.DisposeAsync().AsTask();

    private async Task<(LuatScript Script, int ExitCode)> RunAsync(string scenario)
    {
        var script = new LuatScript();
        var result = await script.RunTaskAsync("update", $$"""
            PRODUCT_KEY = "v32xEAKsGTIEQxtqgwCldp5aPlcnPs3K"
            sys.subscribe("LIB_UPDATE_OTA_DOWNLOAD_BEGIN", function() print("begin") end)
            sys.subscribe("LIB_UPDATE_OTA_DOWNLOAD_END", function(ok) print("end", ok) end)
            update.request(function(ok) print("done", ok) sys.publish("UPDATED") end, "{{Host}}/upgrade/{{scenario}}")
            sys.waitUntil("UPDATED", 60000)
            """, _web.Link);
        return (script, result.ExitCode);
    }

    [Fact]
    public async Task A_redirect_is_followed_to_the_package_which_is_taken_whole_and_reported_as_luats_events()
    {
        var (script, exitCode) = await RunAsync("redirect");
        using var _ = script;

        script.AssertPrinted("begin", "end\ttrue", "done\ttrue");
        Assert.Equal(0, exitCode);
        var requests = _web.Server.UpgradeRequests.ToArray();
        Assert.Equal(2, requests.Length);
        // The query as Luat's library builds it: the core "Luat_V0037_RDA8910_FLOAT" gives "Luat" + "_RDA8910_FLOAT".
        Assert.Equal("/upgrade/redirect?project_key=v32xEAKsGTIEQxtqgwCldp5aPlcnPs3K&imei=866714043075174"
            + "&firmware_name=NETTEST_Luat_RDA8910_FLOAT&core_version=37&dfota=1&version=1.0.0 Range: bytes=0-", requests[0]);
        Assert.Equal("/upgrade/package Range: bytes=0-", requests[1]);
        // The project key stays out of the log.
        Assert.DoesNotContain(script.Lines, l => l.Contains("v32xEAKs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_services_error_ends_with_false_and_its_message_logged()
    {
        var (script, exitCode) = await RunAsync("none");
        using var _ = script;

        script.AssertPrinted("done\tfalse");
        Assert.Equal(0, exitCode);
        Assert.Contains(script.Lines, l => l.Contains("没有可用的升级包", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_product_key_the_script_is_told_what_to_set()
    {
        using var script = new LuatScript();
        await script.RunTaskAsync("update", """
            update.request(function(ok) print("done", ok) end, "update.example.test/upgrade/package")
            sys.wait(3000)
            """, _web.Link);

        Assert.Contains(script.Lines.Concat(script.HostLines), l => l.Contains("update: set PRODUCT_KEY (the project key of iot.openluat.com)", StringComparison.Ordinal));
        Assert.DoesNotContain(script.Lines, l => l.StartsWith("done", StringComparison.Ordinal));
    }
}
