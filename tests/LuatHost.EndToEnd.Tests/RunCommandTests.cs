using System.Diagnostics;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>The README's first command, as a user runs it: the real `luathost` process, no --port.</summary>
public sealed class RunCommandTests
{
    [Fact]
    public async Task Luathost_run_demo_aliyun_prints_the_three_lines_and_exits_0_after_its_duration()
    {
        using var workingDirectory = new LuaProject();
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory.DataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "luathost.dll"), "run", RepositoryPaths.Resolve("demo/aliyun"), "--for", "4s" })
        {
            start.ArgumentList.Add(argument);
        }
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
    }
}
