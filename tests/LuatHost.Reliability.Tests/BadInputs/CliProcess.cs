using System.Diagnostics;
using System.Text;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>What a finished CLI run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public string AllOutput => StandardOutput + "\n" + StandardError;
}

/// <summary>
/// Runs the real CLI as a child process (<c>dotnet luathost.dll …</c> from this test's output folder), so exit codes and
/// console output are exactly what a user gets. The child is killed if it outlives its budget.
/// </summary>
public static class CliProcess
{
    public static string LuathostDll => Path.Combine(AppContext.BaseDirectory, "luathost.dll");

    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, string workingDirectory, TimeSpan budget,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(LuathostDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync().WaitAsync(budget);
        }
        catch (TimeoutException)
        {
            timedOut = true;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        return new CliResult(process.ExitCode, await stdout, await stderr, timedOut);
    }
}
