using System.Security.Cryptography;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>
/// `luathost cloud ota push` and `luathost cloud property set` as a user types them in a second terminal, against a
/// running `luathost run` of a demo project: real processes, waits on the lines they print.
/// </summary>
public sealed class CloudCliTests
{
    private const string Pk = "a1mxL3s6Z7m";
    private const string Dn = "866714043075174";

    [Fact]
    public async Task Ota_push_from_a_second_process_is_downloaded_by_the_running_project_with_plain_progress_lines_and_setCb_true()
    {
        using var project = CopyDemo("aliyun-ota", withoutCloudScript: true);
        var package = Path.Combine(project.Root, "package", "MCU_FIRMWARE-1.0.1.bin");
        var md5 = Convert.ToHexString(MD5.HashData(await File.ReadAllBytesAsync(package)));
        await using var cli = new CliSession();
        cli.Start(project.Root, "run", project.Root, "--log-level", "info");
        // The cloud has the device's version report: aLiYunOta subscribed to the upgrade topic before it sent it.
        await cli.WaitForLineAsync($"{Pk}/{Dn} reports version MCU_VERSION_1.0.0");

        var (exit, stdout, stderr) = await cli.RunAsync(project.Root, "cloud", "ota", "push", Pk, Dn, "--file", package, "--version", "MCU_VERSION_1.0.1");

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        Assert.Contains("pushed", stdout, StringComparison.Ordinal);
        Assert.Contains(md5, stdout, StringComparison.OrdinalIgnoreCase);
        var callback = await cli.WaitForLineAsync("[I]-[testALiYun.otaCb]", "true");
        var checkedFile = await cli.WaitForLineAsync("[I]-[testALiYun.otaCb]", "md5");
        // Redirected output: the progress is a plain line (never the Spectre bar's control codes), ending at 100 %.
        var progress = await cli.WaitForLineAsync("ota: MCU_VERSION_1.0.1 100 %");
        await cli.WaitForLineAsync($"done, {Pk}/{Dn} runs version MCU_VERSION_1.0.1");

        Assert.Contains("/MCU_FIRMWARE.bin", callback, StringComparison.Ordinal);
        Assert.Contains(md5, checkedFile, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain('\u001b', progress);
        Assert.DoesNotContain(cli.Output.Lines, l => l.Contains('\u001b', StringComparison.Ordinal));
    }

    [Fact]
    public async Task Property_set_from_a_second_process_reaches_the_running_project_and_prints_its_set_reply()
    {
        using var project = CopyDemo("aliyun-thing", withoutCloudScript: false);
        await using var cli = new CliSession();
        cli.Start(project.Root, "run", project.Root, "--log-level", "info");
        // The project's own cloud script sets LightSwitch=1 once the device listens on property/set.
        await cli.WaitForLineAsync("[I]-[testThing.lightSwitch]", "1");

        var (exit, stdout, stderr) = await cli.RunAsync(project.Root, "cloud", "property", "set", Pk, Dn, "{\"LightSwitch\":0}", "--wait", "20");
        var refused = await cli.RunAsync(project.Root, "cloud", "property", "set", Pk, Dn, "{\"LightSwitch\":\"on\"}");

        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        Assert.StartsWith("set_reply: ", stdout, StringComparison.Ordinal);
        Assert.Contains("\"code\":200", stdout, StringComparison.Ordinal);
        await cli.Output.WaitForLineAsync(l => l.Contains("[I]-[testThing.lightSwitch]", StringComparison.Ordinal) && l.EndsWith("\t0", StringComparison.Ordinal), "lightSwitch 0");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("luathost cloud: the cloud refused: LightSwitch", refused.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A demo folder copied to a temp folder (a run writes beside its project).</summary>
    private static TemporaryFolder CopyDemo(string name, bool withoutCloudScript)
    {
        var source = RepositoryPaths.Resolve(Path.Combine("demo", name));
        var copy = new TemporaryFolder("luathost-cli-" + name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (withoutCloudScript && relative == "cloud-script.json")
            {
                continue;
            }
            var target = copy.PathOf(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }
}
