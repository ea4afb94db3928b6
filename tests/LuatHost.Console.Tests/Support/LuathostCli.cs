using System.Diagnostics;
using System.Text;

namespace LuatHost.Console.Tests.Support;

/// <summary>What a finished CLI run printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string[] OutputLines => StandardOutput.Replace("\r", "", StringComparison.Ordinal).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs the real CLI (<c>dotnet luathost.dll …</c>) as a child process with piped stdin, as a scripted lesson does.</summary>
internal static class LuathostCli
{
    public static async Task<CliResult> RunAsync(string workingDirectory, string? input, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "luathost.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null) await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"luathost {string.Join(' ', arguments)} did not end. Output:\n{await stdout}\n{await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}

/// <summary>Streams a long-running command (`luathost run`) until a stdout line matches, then stops it.</summary>
internal static class LuathostRun
{
    /// <summary>The first stdout line that matches; the process is killed then (or after the hang guard, with its output in the error).</summary>
    public static async Task<string> UntilLineAsync(string workingDirectory, Func<string, bool> match, params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "luathost.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start dotnet");
        var stderr = process.StandardError.ReadToEndAsync();
        var seen = new StringBuilder();
        try
        {
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            while (await process.StandardOutput.ReadLineAsync(guard.Token) is { } line)
            {
                seen.AppendLine(line);
                if (match(line)) return line;
            }
            throw new InvalidOperationException($"luathost {string.Join(' ', arguments)} ended without the expected line. Output:\n{seen}");
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"luathost {string.Join(' ', arguments)} did not print the expected line. Output:\n{seen}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            _ = await stderr;
        }
    }
}

/// <summary>A throw-away working folder.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Directory.CreateDirectory(Path);
    }

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "luathost-console-tests", Guid.NewGuid().ToString("N"));

    public TempFolder With(string name, string content)
    {
        var file = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, content);
        return this;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
