using LuatHost.Aliyun.Ota;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>The bad-input rows: each gives one clear line, a failure step to the cloud, and no file under the target name.</summary>
public sealed class OtaBadInputTests
{
    private const string Pk = OtaScenario.Pk;
    private const string Dn = OtaScenario.Dn;
    private const string Upgrade = $"/ota/device/upgrade/{Pk}/{Dn}";

    public OtaBadInputTests() => LogCapture.Install();

    [Theory]
    [InlineData("{not json", "the push is not JSON")]
    [InlineData("{\"code\":\"1000\",\"data\":{\"size\":10,\"version\":\"2\",\"md5\":\"93230c3bde425a9d7984a594ac55ea1e\"}}", "data.url is missing")]
    [InlineData("{\"code\":\"1000\",\"data\":{\"size\":10,\"version\":\"2\",\"url\":\"https://oss-cn-shanghai.aliyuncs.com/x\"}}", "data.md5 is missing")]
    [InlineData("{\"code\":\"1000\",\"data\":{\"version\":\"2\",\"url\":\"https://oss-cn-shanghai.aliyuncs.com/x\",\"md5\":\"93230c3bde425a9d7984a594ac55ea1e\"}}", "data.size is missing")]
    [InlineData("{\"code\":\"1000\",\"data\":{\"size\":0,\"version\":\"2\",\"url\":\"https://oss-cn-shanghai.aliyuncs.com/x\",\"md5\":\"93230c3bde425a9d7984a594ac55ea1e\"}}", "not a positive number")]
    public async Task Unusable_push_is_named_in_one_line_and_reported_as_step_minus_1(string payload, string reason)
    {
        await using var ota = await OtaScenario.StartAsync(1024, pushBeforeConnect: false);
        await ota.Run.WaitForLineAsync("[e2e.published]", "true", "q1");

        await ota.World.Cloud.PublishToDeviceAsync(Pk, Dn, Upgrade, payload, 1);
        var line = await ota.Run.WaitForLineAsync("[W]-[aLiYunOta]", "ignored an upgrade push", reason);
        await ota.World.Cloud.Messages.WaitForAsync(m => m.Topic == OtaScenario.Progress && m.PayloadText.Contains("\"step\":\"-1\"", StringComparison.Ordinal))
            .WaitAsync(LuaRun.HangGuard);

        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.False(File.Exists(ota.StoredFile));
    }

    [Fact]
    public async Task Package_larger_than_the_device_allows_is_refused_before_downloading()
    {
        var small = OtaScenario.FastRetries with { MaxPackageBytes = 64 * 1024 };
        await using var ota = await OtaScenario.StartAsync(100 * 1024, options: small);

        await ota.StepAsync("-1", LuaRun.HangGuard);
        var line = await ota.Run.WaitForLineAsync("[W]-[aLiYunOta]", "102400 bytes", "at most 65536 bytes");

        Assert.Empty(ota.World.Cloud.Ota.Downloads);
        Assert.False(File.Exists(ota.StoredFile));
        Assert.Contains("raise the limit", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Non_206_answer_is_named_and_the_download_fails_with_minus_2()
    {
        await using var ota = await OtaScenario.StartAsync(1024, pushBeforeConnect: false);
        await ota.Run.WaitForLineAsync("[e2e.published]", "true", "q1");

        // A URL the cloud does not know: 404 on every attempt.
        await ota.World.Cloud.PublishToDeviceAsync(Pk, Dn, Upgrade, "{\"code\":\"1000\",\"data\":{\"size\":1024,\"version\":\"2.0.0\","
            + "\"url\":\"https://oss-cn-shanghai.aliyuncs.com/iotx-ota/nope/fw.bin\",\"md5\":\"93230c3bde425a9d7984a594ac55ea1e\"},\"id\":1,\"message\":\"success\"}", 1);
        await ota.World.Cloud.Messages.WaitForAsync(m => m.Topic == OtaScenario.Progress && m.PayloadText.Contains("\"step\":\"-2\"", StringComparison.Ordinal))
            .WaitAsync(TimeSpan.FromSeconds(60));
        var line = await ota.Run.WaitForLineAsync("[W]-[aLiYunOta]", "download failed");

        Assert.Contains("answered 404, not 206", line, StringComparison.Ordinal);
        Assert.Equal("[I]-[e2e.otaCb]\tfalse\tnil\tfalse", await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]"));
        Assert.False(File.Exists(ota.StoredFile));
    }
}
