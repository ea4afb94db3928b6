using System.Diagnostics;

namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>
/// Gammu (Debian's <c>gammu</c>), a third-party SMS client nobody here wrote, run against a serial device with its AT
/// driver. Each call is one gammu process with a private configuration file; its AT log is kept for failure messages.
/// </summary>
public sealed class Gammu : IDisposable
{
    private const string Program = "/usr/bin/gammu";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("luathost-gammu-");

    public Gammu(string device)
    {
        File.WriteAllText(Config, $"[gammu]\ndevice = {device}\nconnection = at115200\nlogfile = {Log}\nlogformat = textall\n");
    }

    /// <summary>Why gammu tests cannot run here, or null.</summary>
    public static string? MissingReason => File.Exists(Program) ? null : $"{Program} is not installed (Debian package gammu; .ci/run installs it)";

    private string Config => Path.Combine(_folder.FullName, "gammurc");

    private string Log => Path.Combine(_folder.FullName, "gammu.log");

    /// <summary>Runs gammu with <paramref name="arguments"/>; returns its exit code and standard output.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Config);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gammu {string.Join(' ', arguments)} did not finish in 60 s; its AT log:\n{AtLog()}");
        }
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The commands and replies of gammu's log, for an assertion message.</summary>
    public string AtLog() => File.Exists(Log)
        ? string.Join('\n', File.ReadLines(Log).Where(l => l.Length > 2 && char.IsDigit(l[0]) && l[1] == ' ').TakeLast(60))
        : "(no log)";

    public void Dispose() => _folder.Delete(recursive: true);
}

/// <summary>A test that needs <see cref="Gammu"/>: skipped, saying why, where it is not installed.</summary>
public sealed class GammuFactAttribute : FactAttribute
{
    public GammuFactAttribute()
    {
        if (Gammu.MissingReason is { } reason) Skip = "gammu test skipped: " + reason;
    }
}
