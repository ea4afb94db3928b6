using System.Diagnostics;
using System.Text;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>What a finished CLI run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    /// <summary>The child was still running when the awaited line came, and was ended there.</summary>
    public bool EndedAtLine { get; init; }

    public string AllOutput => StandardOutput + "\n" + StandardError;
}

/// <summary>
/// Runs the real CLI as a child process (<c>dotnet luathost.dll …</c> from this test's output folder), so exit codes and
/// console output are exactly what a user gets. The child is killed if it outlives its budget.
/// </summary>
public static class CliProcess
{
    public static string LuathostDll => Path.Combine(AppContext.BaseDirectory, "luathost.dll");

    /// <summary>
    /// Runs the CLI to its end, or — with <paramref name="endAtLineContaining"/> — until it prints a line containing that
    /// text (case-insensitive), then ends it: a run that would go on (Luat retries forever) is not waited out.
    /// </summary>
    public static async Task<CliResult> RunAsync(IEnumerable<string> arguments, string workingDirectory, TimeSpan budget,
        IReadOnlyDictionary<string, string>? environment = null, string? endAtLineContaining = null)
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
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, stdout, endAtLineContaining, seen),
            PumpAsync(process.StandardError, stderr, endAtLineContaining, seen));
        var exited = process.WaitForExitAsync();
        using var overBudget = new CancellationTokenSource();
        var first = await Task.WhenAny(exited, seen.Task, Task.Delay(budget, overBudget.Token));
        await overBudget.CancelAsync();
        var endedAtLine = first == seen.Task && !process.HasExited;
        var timedOut = first != exited && first != seen.Task;
        if (endedAtLine || timedOut)
        {
            process.Kill(entireProcessTree: true);
        }
        await exited;
        await pumps;
        return new CliResult(process.ExitCode, stdout.ToString(), stderr.ToString(), timedOut) { EndedAtLine = endedAtLine };
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into, string? endAt, TaskCompletionSource seen)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            into.Append(line).Append('\n');
            if (endAt is not null && line.Contains(endAt, StringComparison.OrdinalIgnoreCase))
            {
                seen.TrySetResult();
            }
        }
    }
}
