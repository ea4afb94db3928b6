using System.CommandLine;
using System.Globalization;
using LuatHost.At;
using LuatHost.Cli.Logging;
using LuatHost.Cli.Simulation;
using LuatHost.Luat;
using LuatHost.Runtime;
using LuatHost.Scripting;
using LuatHost.Transport;
using NLog;

namespace LuatHost.Cli.Commands;

/// <summary>
/// `luathost run &lt;dir|main.lua|flow.csx&gt;`: runs a Luat project (or a C# script) against the
/// virtual module in process, or a real module with --port.
/// </summary>
internal static class RunCommand
{
    private static readonly Logger Log = LogManager.GetLogger("luathost.run");

    public static Command Build()
    {
        var path = new Argument<string>("path") { Description = "Project folder (with main.lua), a .lua entry file, or a .csx C# script." };
        var port = new Option<string?>("--port") { Description = "Module link: COM3, /dev/ttyUSB0 or tcp://host:port. Omit to use the built-in virtual module." };
        var baud = new Option<int>("--baud") { Description = "Serial baud rate.", DefaultValueFactory = _ => SerialLink.DefaultBaudRate };
        var fs = new Option<string?>("--fs") { Description = "Host folder that is the device's `/` (default .luathost/<imei>/)." };
        var duration = new Option<string?>("--for") { Description = "Stop after this long: 30s, 5m, 500ms, 1h (default: run until stopped)." };
        var unsafeOption = new Option<bool>("--unsafe") { Description = "Allow os.execute and io.popen." };
        var noRestart = new Option<bool>("--no-restart") { Description = "End the run when the script calls sys.restart instead of re-running it." };
        var logLevel = new Option<string>("--log-level") { Description = "Host log level: trace, debug, info, warn, error, off.", DefaultValueFactory = _ => HostLogging.DefaultLevel };

        var command = new Command("run", "Run a Luat script project (main.lua + modules) or a C# script.");
        command.Arguments.Add(path);
        var record = new Option<FileInfo?>("--record") { Description = "Write every byte each way on the module link, with timestamps, to this file (secrets masked)." };
        var map = new Option<string[]>("--map")
        {
            Description = "Point a host name the script uses at a local server: HOST[:PORT]=IP:PORT, repeatable (virtual module only), e.g. 'broker.example.com:1883=127.0.0.1:1883'.",
        };
        foreach (var option in new Option[] { port, baud, fs, duration, unsafeOption, noRestart, logLevel, record, map }) command.Options.Add(option);

        command.SetAction(async (parse, ct) =>
        {
            try
            {
                HostLogging.Configure(parse.GetValue(logLevel));
                var request = new RunRequest(
                    parse.GetValue(path)!, parse.GetValue(port), parse.GetValue(baud), parse.GetValue(fs),
                    ParseDuration(parse.GetValue(duration)), parse.GetValue(unsafeOption), parse.GetValue(noRestart))
                {
                    RecordPath = parse.GetValue(record)?.FullName,
                    MapRules = parse.GetValue(map) ?? [],
                };
                return await RunAsync(request, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ArgumentException or ProjectConfigurationException)
            {
                Console.Error.WriteLine("luathost run: " + ex.Message);
                return 2;
            }
            finally
            {
                LogManager.Flush();
            }
        });
        return command;
    }

    private sealed record RunRequest(string Path, string? Port, int Baud, string? Fs, TimeSpan? Duration, bool Unsafe, bool NoRestart)
    {
        public string? RecordPath { get; init; }

        public IReadOnlyList<string> MapRules { get; init; } = [];
    }

    private static async Task<int> RunAsync(RunRequest request, CancellationToken ct)
    {
        var target = Path.GetFullPath(request.Path);
        if (target.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
            return await RunCSharpScript.RunAsync(new CSharpRunRequest(target) { Port = request.Port, Baud = request.Baud, Duration = request.Duration, RecordPath = request.RecordPath, MapRules = request.MapRules }, ct).ConfigureAwait(false);

        var (projectDirectory, mainFile) = ResolveProject(target);

        await using var connection = await ModuleConnection.OpenAsync(request.Port, request.Baud, request.RecordPath, projectDirectory, Console.Error, ct, request.MapRules).ConfigureAwait(false);
        if (connection is null) return ModuleConnection.ModuleUnavailable;

        var device = connection.Device;
        var dataDirectory = request.Fs is { } fs
            ? Path.GetFullPath(fs)
            // `.luathost/<imei>/` under the current directory, so each module keeps its own files.
            : Path.Combine(Environment.CurrentDirectory, ".luathost", await device.Identity.GetImeiAsync(ct).ConfigureAwait(false));

        var options = new LuatRunOptions
        {
            ProjectDirectory = projectDirectory,
            MainFile = mainFile,
            DataDirectory = dataDirectory,
            Duration = request.Duration,
            Unsafe = request.Unsafe,
            RestartOnRequest = !request.NoRestart,
            Output = HostLogging.ScriptOutput,
            Diagnostics = line =>
            {
                if (line.StartsWith("error:", StringComparison.Ordinal)) Log.Error(line["error:".Length..].TrimStart());
                else Log.Warn(line);
            },
        };
        var result = await new LuatProjectRunner(options, device).RunAsync(ct).ConfigureAwait(false);
        return result.ExitCode;
    }

    /// <summary>A folder runs its main.lua; a .lua file runs from its folder.</summary>
    private static (string Directory, string MainFile) ResolveProject(string target)
    {
        if (Directory.Exists(target))
        {
            if (!File.Exists(Path.Combine(target, "main.lua")))
                throw new ArgumentException($"no main.lua in {target} (a Luat project starts from main.lua)");
            return (target, "main.lua");
        }
        if (File.Exists(target)) return (Path.GetDirectoryName(target)!, Path.GetFileName(target));
        throw new ArgumentException($"{target} does not exist (give a project folder, a .lua file or a .csx script)");
    }

    /// <summary>30s, 5m, 500ms, 1h, or a bare number of seconds.</summary>
    public static TimeSpan? ParseDuration(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        text = text.Trim().ToLowerInvariant();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0)
            throw new ArgumentException($"--for '{text}' is not a duration; use e.g. 30s, 5m, 500ms");
        return TimeSpan.FromSeconds(value * unit);
    }
}
