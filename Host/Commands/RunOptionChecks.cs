using System.Globalization;
using System.Text.RegularExpressions;
using LuatHost.Luat.FileSystem;

namespace LuatHost.Cli.Commands;

/// <summary>
/// The checks `run` makes on its options before anything starts. Each failure is an
/// <see cref="ArgumentException"/> whose message names the value and what to do (exit 2).
/// </summary>
internal static partial class RunOptionChecks
{
    // Timers take at most int.MaxValue milliseconds (≈ 24.8 days).
    private static readonly TimeSpan LongestDuration = TimeSpan.FromDays(24);

    /// <summary>30s, 5m, 500ms, 1h, or a bare number of seconds; null when not given.</summary>
    public static TimeSpan? Duration(string? text, string option)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value) || value <= 0)
            throw new ArgumentException($"{option} '{text}' is not a duration; use e.g. 30s, 5m, 500ms");
        var seconds = value * unit;
        if (!double.IsFinite(seconds) || seconds > LongestDuration.TotalSeconds || seconds < 0.001)
            throw new ArgumentException($"{option} '{text}' is out of range; use a duration from 1ms to 24 days (e.g. 30s, 5m, 2h)");
        return TimeSpan.FromSeconds(seconds);
    }

    /// <summary>--max-memory: 256MB, 1GB, 64mb, or a bare number of megabytes.</summary>
    public static long MemorySize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return Luat.LuatRunOptions.DefaultMaxMemoryBytes;
        var t = text.Trim().ToLowerInvariant();
        var (number, unit) = t.EndsWith("gb", StringComparison.Ordinal) ? (t[..^2], 1024.0 * 1024 * 1024)
            : t.EndsWith("mb", StringComparison.Ordinal) ? (t[..^2], 1024.0 * 1024)
            : (t, 1024.0 * 1024);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)
            || value * unit < 16 * 1024 * 1024 || value * unit > 64.0 * 1024 * 1024 * 1024)
            throw new ArgumentException($"--max-memory '{text}' is not a size from 16MB to 64GB; use e.g. 256MB or 1GB");
        return (long)(value * unit);
    }

    /// <summary>--fs must be a folder this user can write (it becomes the device's `/`).</summary>
    public static string DataFolder(string fs)
    {
        var full = Path.GetFullPath(fs);
        if (File.Exists(full))
            throw new ArgumentException($"--fs {fs} is a file; give a folder (it becomes the device's /), e.g. --fs ./device-files");
        try
        {
            LuatHost.Aliyun.Signing.SecretFile.CreateFolder(full);
            var probe = Path.Combine(full, $".luathost-probe-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"--fs {fs} cannot be written ({ex.Message}); give a folder you can write, e.g. --fs ./device-files");
        }
        return full;
    }

    /// <summary>A port name that cannot be a serial port on this system is refused before anything opens.</summary>
    public static void Port(string? port)
    {
        if (port is null) return;
        var name = port.Trim();
        if (!OperatingSystem.IsWindows() && WindowsPortName().IsMatch(name))
            throw new ArgumentException(
                $"--port {name} is a Windows port name; on this system serial ports are /dev/ttyUSB0, /dev/ttyACM0 … (`luathost ports` lists them)");
        if (!OperatingSystem.IsWindows() && !name.StartsWith("/dev/", StringComparison.Ordinal) && File.Exists(name))
            throw new ArgumentException(
                $"--port {name} is a regular file, not a serial device; give /dev/tty… (`luathost ports` lists them) or tcp://host:port");
    }

    /// <summary>
    /// --record never destroys a file by surprise (an existing one needs --force) and never writes into the
    /// project folder (the script, its registry and its modules live there).
    /// </summary>
    public static string? Record(string? record, bool force, string projectDirectory)
    {
        if (record is null) return null;
        var full = Path.GetFullPath(record);
        var project = RealPath.Of(Path.GetFullPath(projectDirectory));
        var realRecord = RealPath.Of(full);
        if (realRecord.Equals(project, StringComparison.Ordinal)
            || realRecord.StartsWith(project.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new ArgumentException(
                $"--record {record} is inside the project folder {projectDirectory}; write the transcript elsewhere, e.g. --record ./session.txt");
        if (Directory.Exists(full))
            throw new ArgumentException($"--record {record} is a folder; give a file name, e.g. --record ./session.txt");
        if (File.Exists(full) && !force)
            throw new ArgumentException($"--record {record} already exists; pass --force to overwrite it, or choose a new file name");
        return full;
    }

    [GeneratedRegex("^COM[0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex WindowsPortName();
}
