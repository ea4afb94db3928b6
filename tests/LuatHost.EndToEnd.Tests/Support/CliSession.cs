using System.Diagnostics;
using System.Text;

namespace LuatHost.EndToEnd.Tests.Support;

/// <summary>
/// Real `luathost` processes (<c>dotnet luathost.dll …</c>) sharing one throw-away home folder, so the cloud state file a
/// `luathost run` writes is found by the `luathost cloud …` commands of the same test and by nothing else. Output is
/// redirected, as in a pipe or CI log: the console shows plain lines, never the interactive progress bar.
/// </summary>
public sealed class CliSession : IAsyncDisposable
{
    private readonly TemporaryFolder _home = new("luathost-cli-home");
    private readonly List<Process> _running = [];

    /// <summary>Every line the long-running process printed, stdout and stderr together, as it comes.</summary>
    public OutputLines Output { get; } = new();

    /// <summary>The first line of the long-running process that contains every fragment (printed already or still to come).</summary>
    public Task<string> WaitForLineAsync(params string[] fragments) =>
        Output.WaitForLineAsync(l => fragments.All(f => l.Contains(f, StringComparison.Ordinal)), string.Join(" … ", fragments));

    /// <summary>Starts a long-running command (`run …`); its lines go to <see cref="Output"/> until the session ends.</summary>
    public void Start(string workingDirectory, params string[] arguments)
    {
        var process = Process.Start(StartInfo(workingDirectory, arguments)) ?? throw new InvalidOperationException("cannot start dotnet");
        _running.Add(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Output.Add(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Output.Add(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Runs a short command to its end: exit code, stdout, stderr.</summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(workingDirectory, arguments)) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await HangGuard.WithinAsync(process.WaitForExitAsync(), () => $"luathost {string.Join(' ', arguments)} did not end");
        return (process.ExitCode, await stdout, await stderr);
    }

    private ProcessStartInfo StartInfo(string workingDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "luathost.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["HOME"] = _home.Root;
        start.Environment["DOTNET_NOLOGO"] = "1";
        return start;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _running)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
        _home.Dispose();
    }
}
