using System.Diagnostics;
using System.Text;

namespace LuatHost.Testing;

/// <summary>What a finished CLI run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    /// <summary>The child was still running when the awaited line came, and was ended there.</summary>
    public bool EndedAtLine { get; init; }

    /// <summary>The line that ended the run (<see cref="EndedAtLine"/>), else null.</summary>
    public string? MatchedLine { get; init; }

    public string AllOutput => StandardOutput + "\n" + StandardError;

    /// <summary>Standard output split into its non-empty lines.</summary>
    public string[] OutputLines => StandardOutput.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>
/// Runs the real CLI as a child process (<c>dotnet luathost.dll …</c> from this test's output folder), so exit codes and
/// console output are exactly what a user gets. The child is killed if it outlives its budget. The one CLI runner of the
/// test projects (bad inputs, lessons, the REPL fed through stdin).
/// </summary>
public static class CliProcess
{
    public static string LuathostDll => Path.Combine(AppContext.BaseDirectory, "luathost.dll");

    /// <summary>
    /// Runs the CLI to its end, or — with <paramref name="endAtLineContaining"/> — until it prints a line containing that
    /// text (case-insensitive), then ends it: a run that would go on (Luat retries forever) is not waited out.
    /// </summary>
    public static Task<CliResult> RunAsync(IEnumerable<string> arguments, string workingDirectory, TimeSpan budget,
        IReadOnlyDictionary<string, string>? environment = null, string? endAtLineContaining = null) =>
        RunProcessAsync(arguments, workingDirectory, budget, environment,
            endAtLineContaining is null ? null : line => line.Contains(endAtLineContaining, StringComparison.OrdinalIgnoreCase), null);

    /// <summary>Runs the CLI to its end with <paramref name="input"/> on its standard input (then closed), within the hang guard.</summary>
    public static Task<CliResult> RunAsync(string workingDirectory, string? input, params string[] arguments) =>
        RunProcessAsync(arguments, workingDirectory, HangGuard.Limit * 2, null, null, input);

    /// <summary>The first line that <paramref name="match"/>es; the child is ended there. Throws with the output when none came.</summary>
    public static async Task<string> UntilLineAsync(string workingDirectory, Func<string, bool> match, params string[] arguments)
    {
        var result = await RunProcessAsync(arguments, workingDirectory, HangGuard.Limit * 2, null, match, null);
        return result.MatchedLine
            ?? throw new TimeoutException($"luathost {string.Join(' ', arguments)} did not print the expected line (exit {result.ExitCode}{(result.TimedOut ? ", killed: over budget" : "")}). Output:\n{result.AllOutput}");
    }

    private static async Task<CliResult> RunProcessAsync(IEnumerable<string> arguments, string workingDirectory, TimeSpan budget,
        IReadOnlyDictionary<string, string>? environment, Func<string, bool>? endAtLine, string? input)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            // Only a run fed through stdin gets a pipe; the others keep the test host's (as before).
            RedirectStandardInput = input is not null,
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
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, stdout, endAtLine, seen),
            PumpAsync(process.StandardError, stderr, endAtLine, seen));
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
        return new CliResult(process.ExitCode, stdout.ToString(), stderr.ToString(), timedOut)
        {
            EndedAtLine = endedAtLine,
            MatchedLine = seen.Task.IsCompletedSuccessfully ? seen.Task.Result : null,
        };
    }

    private static async Task PumpAsync(StreamReader reader, StringBuilder into, Func<string, bool>? endAt, TaskCompletionSource<string> seen)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            into.Append(line).Append('\n');
            if (endAt is not null && endAt(line))
            {
                seen.TrySetResult(line);
            }
        }
    }
}
