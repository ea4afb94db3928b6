using LuatHost.Aliyun.Signing;
using System.Diagnostics;
using LuatHost.Runtime;

namespace LuatHost.Cli.Simulation;

/// <summary>
/// A private folder for one run's copies of secret-bearing files (the cloud registry): `&lt;tmp&gt;/luathost-run-&lt;user&gt;/&lt;pid&gt;-&lt;id&gt;/`,
/// owner-only (0700). It is removed when the run ends, on every exit path the process sees (dispose, an exception,
/// Ctrl+C/SIGTERM, Environment.Exit); folders left by killed runs (their process is gone) are removed at the next start.
/// </summary>
public sealed class RunScratchFolder : IDisposable
{
    private static readonly Lock Gate = new();
    private static readonly HashSet<string> Live = [];
    private static bool _exitHooked;

    private RunScratchFolder(string path) => Path = path;

    public string Path { get; }

    /// <summary>The per-user parent of all run folders.</summary>
    public static string Parent => System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"luathost-run-{Environment.UserName}");

    public static RunScratchFolder Create()
    {
        RemoveStale();
        var path = System.IO.Path.Combine(Parent, $"{Environment.ProcessId}-{Guid.NewGuid():N}");
        SecretFile.CreateFolder(Parent);
        SecretFile.CreateFolder(path);
        lock (Gate)
        {
            Live.Add(path);
            if (!_exitHooked)
            {
                _exitHooked = true;
                AppDomain.CurrentDomain.ProcessExit += (_, _) => RemoveLive();
            }
        }
        return new RunScratchFolder(path);
    }

    /// <summary>Removes run folders whose process no longer runs (a run killed with SIGKILL, a power cut).</summary>
    public static void RemoveStale()
    {
        if (!Directory.Exists(Parent)) return;
        foreach (var folder in Directory.EnumerateDirectories(Parent))
        {
            var name = System.IO.Path.GetFileName(folder);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0 || !int.TryParse(name[..dash], out var pid) || IsRunning(pid)) continue;
            TryDelete(folder);
        }
    }

    public void Dispose()
    {
        lock (Gate) Live.Remove(Path);
        TryDelete(Path);
    }

    private static void RemoveLive()
    {
        string[] folders;
        lock (Gate) folders = [.. Live];
        foreach (var folder in folders) TryDelete(folder);
    }

    private static bool IsRunning(int pid)
    {
        if (pid == Environment.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Removed at the next start.
        }
    }
}
