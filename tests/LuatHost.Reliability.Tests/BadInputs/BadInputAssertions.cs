using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>Runs one <see cref="BadInputCase"/> through the real CLI and checks its exit code and message.</summary>
public static class BadInputAssertions
{
    public static async Task RunAsync(BadInputCase badInput, ITestOutputHelper output)
    {
        await using var folder = new CaseFolder();
        var arguments = badInput.Arguments(folder);
        var result = await CliProcess.RunAsync(arguments, folder.Path, badInput.Budget,
            endAtLineContaining: badInput.EndsAtLine ? badInput.ExpectedFragment : null);
        output.WriteLine($"luathost {string.Join(' ', arguments)}");
        output.WriteLine($"exit {result.ExitCode}{(result.TimedOut ? " (killed: over budget)" : "")}{(result.EndedAtLine ? " (ended at the expected line)" : "")}");
        output.WriteLine(result.AllOutput);

        Assert.False(result.TimedOut, $"{badInput.Name}: the CLI was still running after {badInput.Budget.TotalSeconds:0} s");
        Assert.True(result.AllOutput.Contains(badInput.ExpectedFragment, StringComparison.OrdinalIgnoreCase),
            $"{badInput.Name}: expected the output to contain \"{badInput.ExpectedFragment}\"; got:\n{Tail(result.AllOutput)}");
        // One clear line, not a crash: an unhandled exception's stack trace is never the message.
        Assert.False(result.AllOutput.Contains("Unhandled exception", StringComparison.Ordinal),
            $"{badInput.Name}: the CLI crashed with an unhandled exception instead of one clear error line:\n{Tail(result.AllOutput)}");
        if (result.EndedAtLine)
        {
            // Still running when the line came: the mistake did not end the run, as exit code 0 after --for would say.
            Assert.Equal(0, badInput.ExpectedExitCode);
            return;
        }
        Assert.True(badInput.ExpectedExitCode == result.ExitCode,
            $"{badInput.Name}: expected exit code {badInput.ExpectedExitCode}, got {result.ExitCode}");
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : "…" + text[^2000..];
}
