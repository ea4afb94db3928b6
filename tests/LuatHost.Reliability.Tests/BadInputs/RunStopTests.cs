using System.Diagnostics;
using System.Text;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// Issue 13: --for, Ctrl+C (SIGINT) and SIGTERM stop scripts that never yield, through the real CLI, with one line
/// and the exit code a shell expects (0, 130, 143). The budgets only keep a broken build from hanging the suite.
/// </summary>
public sealed class RunStopTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_lua_loop_that_never_yields_ends_when_for_elapses()
    {
        await using var folder = new CaseFolder();
        var project = BadInputProjects.LuaProject(folder, "while true do end");
        var result = await CliProcess.RunAsync(["run", project, "--for", "3s"], folder.Path, Budget);
        Assert.False(result.TimedOut, result.AllOutput);
        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Contains("stopped: --for 3s elapsed", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", result.AllOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_csharp_loop_that_never_awaits_ends_when_for_elapses()
    {
        await using var folder = new CaseFolder();
        var script = BadInputProjects.CSharpFlow(folder, "log.info(\"spin\", 1);\nwhile (true) { }\n");
        var result = await CliProcess.RunAsync(["run", script, "--for", "2s"], folder.Path, Budget);
        Assert.False(result.TimedOut, result.AllOutput);
        Assert.True(result.ExitCode == 0, result.AllOutput);
        Assert.Contains("stopped: --for 2s elapsed", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INT", 130)]
    [InlineData("TERM", 143)]
    public async Task A_signal_stops_a_lua_loop_that_never_yields(string signal, int exitCode)
    {
        if (OperatingSystem.IsWindows()) return;
        await using var folder = new CaseFolder();
        var project = BadInputProjects.LuaProject(folder, "print(\"spinning\")\nwhile true do end");
        using var process = Start(["run", project], folder.Path);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var spinning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stdout) stdout.AppendLine(e.Data);
            if (e.Data.Contains("spinning", StringComparison.Ordinal)) spinning.TrySetResult();
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) stderr.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await spinning.Task.WaitAsync(Budget);
            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(Budget);
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        process.WaitForExit();
        Assert.True(process.ExitCode == exitCode, $"exit {process.ExitCode}\n{stdout}\n{stderr}");
        Assert.Contains("stopped: interrupted", stderr.ToString(), StringComparison.Ordinal);
    }

    internal static Process Start(IEnumerable<string> arguments, string workingDirectory)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(CliProcess.LuathostDll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
    }
}
