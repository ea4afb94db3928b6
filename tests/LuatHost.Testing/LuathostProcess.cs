using System.Diagnostics;

namespace LuatHost.Testing;

/// <summary>The real <c>luathost</c> CLI as a user runs it: <c>dotnet luathost.dll …</c> from the test's output folder.</summary>
public static class LuathostProcess
{
    /// <summary>Runs luathost with <paramref name="arguments"/>; waits at most <paramref name="limit"/> for its output to end.</summary>
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string workingDirectory, TimeSpan limit, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "luathost.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync().WaitAsync(limit);
        await process.WaitForExitAsync().WaitAsync(limit);
        return (process.ExitCode, stdout, await stderr);
    }
}
