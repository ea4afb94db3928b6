using System.Diagnostics;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>The README's first command, as a user runs it: the real `luathost` process, no --port.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task A_device_secret_kept_in_the_module_sn_stays_out_of_the_transcript_and_the_trace()
    {
        // An earlier dynamic-registration run stored the DeviceSecret with misc.setSn (AT+WISN=); this run only reads it back.
        const string storedSecret = "SnKeptDeviceSecret0123456789abcd";
        using var workingDirectory = new LuaProject();
        var moduleNv = Path.Combine(workingDirectory.DataDirectory, ".luathost", "866714043075174");
        Directory.CreateDirectory(moduleNv);
        await File.WriteAllTextAsync(Path.Combine(moduleNv, "module_sn.txt"), storedSecret);

        var (exitCode, stdout, stderr) = await RunLuathostAsync(workingDirectory.DataDirectory,
            "run", RepositoryPaths.Resolve("demo/hello"), "--for", "2s", "--record", "link.txt", "--log-level", "trace");

        Assert.True(exitCode == 0, $"exit {exitCode}: {stderr}");
        var transcript = await File.ReadAllTextAsync(Path.Combine(workingDirectory.DataDirectory, "link.txt"));
        Assert.Contains("-> AT+WISN?", transcript, StringComparison.Ordinal);
        Assert.Contains("<- AT+WISN?", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(storedSecret, transcript, StringComparison.Ordinal);
        Assert.DoesNotContain(storedSecret, stdout + stderr, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunLuathostAsync(string workingDirectory, params string[] arguments) =>
        LuathostProcess.RunAsync(workingDirectory, LuaRun.HangGuard, arguments);

    [Fact]
    public async Task Luathost_run_demo_aliyun_prints_the_three_lines_exits_0_after_its_duration_and_records_the_link_without_secrets()
    {
        using var workingDirectory = new LuaProject();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory.DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "luathost.dll"), "run", RepositoryPaths.Resolve("demo/aliyun"), "--for", "10s", "--record", "link.txt" })
        {
            start.ArgumentList.Add(argument);
        }
        // 10 s: the demo's three lines come within about 2 s on a quiet machine; the rest is room for a loaded one.
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(LuaRun.HangGuard);
        await process.WaitForExitAsync().WaitAsync(LuaRun.HangGuard);

        var lines = stdout.Split('\n', StringSplitOptions.TrimEntries);
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        Assert.Contains("[I]-[testALiYun.connectCbFnc]\ttrue", lines);
        Assert.Contains("[I]-[testALiYun.publishTestCb]\ttrue\tpublishTest_1", lines);
        Assert.Contains("[I]-[testALiYun.rcvCbFnc]\t/a1mxL3s6Z7m/866714043075174/get\t1\thello from the local cloud", lines);
        Assert.DoesNotContain("iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O", stdout + await stderr, StringComparison.Ordinal);
        var transcript = await File.ReadAllTextAsync(Path.Combine(workingDirectory.DataDirectory, "link.txt"));
        Assert.Contains("-> AT+MCONFIG=", transcript, StringComparison.Ordinal);
        Assert.Contains("<- +MSUB: \"/a1mxL3s6Z7m/866714043075174/get\",26 byte,hello from the local cloud", transcript, StringComparison.Ordinal);
        Assert.DoesNotContain("E9537AC9D3E92A90E9AB89DF614EF54F4C3A825A", transcript, StringComparison.OrdinalIgnoreCase);
    }
}
