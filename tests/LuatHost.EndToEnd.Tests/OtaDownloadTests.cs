using System.Security.Cryptography;
using LuatHost.Aliyun.Ota;
using LuatHost.EndToEnd.Tests.Support;
using LuatHost.Sim.Cloud.Ota;

namespace LuatHost.EndToEnd.Tests;

/// <summary>
/// aLiYunOta's download end to end: the local cloud pushes a job, the Lua script's aLiYunOta downloads the package through
/// the virtual module's HTTP commands (ranged GETs, AT+HTTPREAD chunks) and calls setCb. Expected behaviour from Luat's
/// lib/aLiYunOta.lua (resume from kept bytes, 30 retries, step "100"/"-2") and Aliyun's OTA docs (step −3 verify failed).
/// </summary>
public sealed class OtaDownloadTests
{
    private static readonly TimeSpan Transfer = TimeSpan.FromSeconds(90);

    public OtaDownloadTests() => LogCapture.Install();

    [Theory]
    [InlineData(0)]
    [InlineData(11_520)] // 115200 baud, 8N1
    public async Task Package_of_300_KB_is_downloaded_verified_and_handed_to_setCb(int bytesPerSecond)
    {
        await using var ota = await OtaScenario.StartAsync(300 * 1024, bytesPerSecond);

        await ota.StepAsync("100", Transfer);
        var line = await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]");

        Assert.Equal("[I]-[e2e.otaCb]\ttrue\t/fw.bin\tfalse", line);
        Assert.Equal(ota.Md5, Convert.ToHexString(MD5.HashData(await File.ReadAllBytesAsync(ota.StoredFile))));
        Assert.False(File.Exists(ota.StoredFile + ".part"));
        Assert.All(ota.World.Cloud.Ota.Downloads, d => Assert.StartsWith("bytes=", d.Range, StringComparison.Ordinal));
        Assert.Equal(0, ota.BytesFetchedTwice());
        var steps = ota.Steps();
        Assert.Equal("100", steps[^1]);
        if (bytesPerSecond > 0)
        {
            // ≈ 27 s on the paced line: percentages went out on the way, each a Lua-formatted number below 100.
            Assert.True(steps.Count >= 3, string.Join(",", steps));
            Assert.All(steps.SkipLast(1), s => Assert.InRange(double.Parse(s, System.Globalization.CultureInfo.InvariantCulture), 0.001, 99.999));
        }
    }

    [Fact]
    public async Task Cut_at_40_percent_resumes_and_fetches_at_most_one_window_twice()
    {
        const int size = 300 * 1024;
        await using var ota = await OtaScenario.StartAsync(size, beforeRun: w => w.Cloud.Ota.Faults.CutAtOffset = size * 4 / 10);

        await ota.StepAsync("100", Transfer);
        var line = await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]");

        Assert.Contains("\ttrue\t/fw.bin", line, StringComparison.Ordinal);
        Assert.Contains(ota.World.Cloud.Ota.Downloads, d => d.Cut);
        Assert.InRange(ota.BytesFetchedTwice(), 1, new OtaDownloadOptions().RequestWindowBytes);
        Assert.Equal(ota.Md5, Convert.ToHexString(MD5.HashData(await File.ReadAllBytesAsync(ota.StoredFile))));
    }

    [Fact]
    public async Task Five_server_errors_then_success()
    {
        await using var ota = await OtaScenario.StartAsync(100 * 1024, beforeRun: w => w.Cloud.Ota.Faults.FailuresLeft = 5);

        await ota.StepAsync("100", Transfer);
        var line = await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]");

        Assert.Contains("\ttrue\t/fw.bin", line, StringComparison.Ordinal);
        Assert.Equal(5, ota.World.Cloud.Ota.Downloads.Count(d => d.Status == 500));
    }

    [Fact]
    public async Task Windows_that_arrive_whole_are_not_retries_so_a_package_of_more_windows_than_retries_completes()
    {
        // 7 windows of 16 KB with 2 retries allowed: only failed requests count toward Luat's retry limit.
        var options = OtaScenario.FastRetries with { RequestWindowBytes = 16 * 1024, Retries = 2, RetryDelay = TimeSpan.FromSeconds(30) };
        await using var ota = await OtaScenario.StartAsync(100 * 1024, options: options);

        await ota.StepAsync("100", Transfer);
        var line = await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]");

        Assert.Contains("\ttrue\t/fw.bin", line, StringComparison.Ordinal);
        Assert.Equal(7, ota.World.Cloud.Ota.Downloads.Count(d => d.Status == 206));
        Assert.Equal(0, ota.BytesFetchedTwice());
    }

    [Fact]
    public async Task Md5_mismatch_reports_minus_3_calls_setCb_false_and_leaves_no_file()
    {
        await using var ota = await OtaScenario.StartAsync(100 * 1024, beforeRun: w => w.Cloud.Ota.Faults.CorruptOffset = 50_000);

        await ota.StepAsync("-3", Transfer);
        var line = await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]");
        var warning = await ota.Run.WaitForLineAsync("[W]-[aLiYunOta]", "verify failed", "MD5");

        Assert.Equal("[I]-[e2e.otaCb]\tfalse\tnil\tfalse", line);
        Assert.Contains(ota.Md5, warning, StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(ota.StoredFile));
        Assert.False(File.Exists(ota.StoredFile + ".part"));
        Assert.DoesNotContain("100", ota.Steps());
    }

    [Fact]
    public async Task Expired_url_reports_minus_2_after_31_attempts_with_a_clear_line()
    {
        await using var ota = await OtaScenario.StartAsync(10 * 1024, beforeRun: w => w.Cloud.Ota.Faults.ExpireUrls = true);

        var step = await ota.StepAsync("-2", Transfer);
        var line = await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]");
        var warning = await ota.Run.WaitForLineAsync("[W]-[aLiYunOta]", "download failed");

        Assert.Contains("\"desc\":\"timeout\"", step.PayloadText, StringComparison.Ordinal);
        Assert.Equal("[I]-[e2e.otaCb]\tfalse\tnil\tfalse", line);
        Assert.Contains("403", warning, StringComparison.Ordinal);
        Assert.Contains("expired", warning, StringComparison.Ordinal);
        Assert.Contains("31 attempts", warning, StringComparison.Ordinal);
        Assert.Equal(31, ota.World.Cloud.Ota.Downloads.Count(d => d.Status == 403));
        Assert.False(File.Exists(ota.StoredFile));
    }

    [Fact]
    public async Task Losing_the_bearer_and_the_broker_mid_download_resumes_where_it_stopped()
    {
        const int size = 300 * 1024;
        await using var ota = await OtaScenario.StartAsync(size, bytesPerSecond: 92_160); // 921600 baud

        await FirstRangedDownloadAsync(ota);
        await ota.World.Module.Faults.DropBrokerLinkAsync();
        await ota.World.Module.Faults.LosePdpAsync(TimeSpan.FromMilliseconds(300));
        await ota.StepAsync("100", Transfer);
        var line = await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]");

        Assert.Contains("\ttrue\t/fw.bin", line, StringComparison.Ordinal);
        Assert.InRange(ota.BytesFetchedTwice(), 0, new OtaDownloadOptions().RequestWindowBytes);
        Assert.Equal(ota.Md5, Convert.ToHexString(MD5.HashData(await File.ReadAllBytesAsync(ota.StoredFile))));
    }

    [Fact]
    public async Task Device_that_reconnects_on_the_old_version_gets_the_push_again_and_setVer_finishes_the_job()
    {
        // The callback does not report the new version the first time, so the cloud still sees the old one.
        var body = OtaScenario.Body("""
            callbacks = (callbacks or 0) + 1
            if callbacks == 2 then aLiYunOta.setVer("2.0.0") end
            """);
        await using var ota = await OtaScenario.StartAsync(20 * 1024, body: body);

        await ota.Run.WaitForLineAsync("[I]-[e2e.otaCb]", "true");
        await ota.World.Module.Faults.DropBrokerLinkAsync();
        var callbacks = 0;
        await ota.Run.WaitForLineAsync(l => l.Contains("[I]-[e2e.otaCb]\ttrue", StringComparison.Ordinal) && ++callbacks == 2, "the second otaCb true");
        await JobDoneAsync(ota);

        Assert.Equal(2, ota.World.Cloud.Ota.Jobs().Single().Pushes);
        Assert.Equal("2.0.0", ota.World.Cloud.Ota.Jobs().Single().DeviceVersion);
    }

    // Each wait looks again whenever the cloud reports a change (HangGuard.UntilAsync).
    private static Task FirstRangedDownloadAsync(OtaScenario ota) => HangGuard.UntilAsync(look =>
        {
            Action<OtaDownloadRecord> recorded = _ => look();
            ota.World.Cloud.Ota.DownloadRecorded += recorded;
            return () => ota.World.Cloud.Ota.DownloadRecorded -= recorded;
        },
        () => ota.World.Cloud.Ota.Downloads.Any(d => d.Status == 206),
        () => "the cloud never answered a ranged (206) package download");

    private static Task JobDoneAsync(OtaScenario ota) => HangGuard.UntilAsync(look =>
        {
            Action<OtaJobView> changed = _ => look();
            ota.World.Cloud.Ota.JobChanged += changed;
            return () => ota.World.Cloud.Ota.JobChanged -= changed;
        },
        () => ota.World.Cloud.Ota.Jobs().Single().State == OtaJobState.Done,
        () => $"the OTA job stayed {ota.World.Cloud.Ota.Jobs().Single().State}");
}
