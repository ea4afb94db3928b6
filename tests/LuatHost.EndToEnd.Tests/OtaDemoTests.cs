using System.Security.Cryptography;
using LuatHost.Cli.Simulation;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>demo/aliyun-ota and demo/aliyun-thing, unchanged, against the cloud `luathost run` builds for them.</summary>
public sealed class OtaDemoTests
{
    public OtaDemoTests() => LogCapture.Install();

    [Fact]
    public async Task Ota_demo_downloads_the_package_its_cloud_script_pushes_and_reports_the_new_version()
    {
        using var project = LuaProject.CopyOf("demo/aliyun-ota");
        var package = Path.Combine(project.ProjectDirectory, "package");
        Directory.CreateDirectory(package);
        var source = Path.Combine(RepositoryPaths.Resolve("demo/aliyun-ota"), "package", "MCU_FIRMWARE-1.0.1.bin");
        File.Copy(source, Path.Combine(package, "MCU_FIRMWARE-1.0.1.bin"));
        var md5 = Convert.ToHexString(MD5.HashData(await File.ReadAllBytesAsync(source)));
        await using var cloud = await ProjectCloud.StartAsync(project.ProjectDirectory);
        await using var world = await AliyunWorld.AroundAsync(cloud.Cloud);
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[I]-[testALiYun.otaCb]\ttrue\t/MCU_FIRMWARE.bin");
        var checkedLine = await run.WaitForLineAsync("[I]-[testALiYun.otaCb]\tmd5");
        await cloud.Cloud.Messages.WaitForAsync(m => m.Topic.StartsWith("/ota/device/inform/", StringComparison.Ordinal)
            && m.PayloadText.Contains("MCU_VERSION_1.0.1", StringComparison.Ordinal)).WaitAsync(LuaRun.HangGuard);

        Assert.Equal($"[I]-[testALiYun.otaCb]\tmd5\t{md5}\tsize\t204800", checkedLine);
        Assert.Equal(md5, Convert.ToHexString(MD5.HashData(await File.ReadAllBytesAsync(Path.Combine(project.DataDirectory, "MCU_FIRMWARE.bin")))));
    }

    [Fact]
    public async Task Thing_demo_gets_460_then_200_on_post_reply_and_switches_the_light_on_a_property_set()
    {
        using var project = LuaProject.CopyOf("demo/aliyun-thing");
        await using var cloud = await ProjectCloud.StartAsync(project.ProjectDirectory);
        await using var world = await AliyunWorld.AroundAsync(cloud.Cloud);
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[I]-[testThing.lightSwitch]\t1");
        var refused = await run.WaitForLineAsync("post_reply", "\"id\":\"1\"");
        var accepted = await run.WaitForLineAsync("post_reply", "\"id\":\"2\"");

        Assert.Contains("\"code\":460", refused, StringComparison.Ordinal);
        Assert.Contains("Temperature", refused, StringComparison.Ordinal);
        Assert.Contains("\"code\":200", accepted, StringComparison.Ordinal);
    }
}
