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
        foreach (var option in new Option[] { port, baud, fs, duration, unsafeOption, noRestart, logLevel }) command.Options.Add(option);

        command.SetAction(async (parse, ct) =>
        {
            try
            {
                HostLogging.Configure(parse.GetValue(logLevel));
                var request = new RunRequest(
                    parse.GetValue(path)!, parse.GetValue(port), parse.GetValue(baud), parse.GetValue(fs),
                    ParseDuration(parse.GetValue(duration)), parse.GetValue(unsafeOption), parse.GetValue(noRestart));
                return await RunAsync(request, ct).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
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

    private sealed record RunRequest(string Path, string? Port, int Baud, string? Fs, TimeSpan? Duration, bool Unsafe, bool NoRestart);

    private static async Task<int> RunAsync(RunRequest request, CancellationToken ct)
    {
        var target = Path.GetFullPath(request.Path);
        if (target.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
            return await RunCSharpScript.RunAsync(new CSharpRunRequest(target) { Port = request.Port, Baud = request.Baud, Duration = request.Duration }, ct).ConfigureAwait(false);

        var (projectDirectory, mainFile) = ResolveProject(target);

        SimulatedModuleRig? rig = null;
        ProjectCloud? cloud = null;
        Stream link;
        if (request.Port is { } port)
        {
            try
            {
                link = await TransportFactory.OpenAsync(port, new TransportOptions { BaudRate = request.Baud }, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or TimeoutException or System.Net.Sockets.SocketException)
            {
                Console.Error.WriteLine($"luathost run: cannot open {port}: {ex.Message} (check the port name with `luathost ports`, and the baud rate)");
                return 3;
            }
        }
        else
        {
            cloud = await ProjectCloud.StartAsync(projectDirectory, ct).ConfigureAwait(false);
            rig = SimulatedModuleRig.Start(cloud.ModuleOptions(SimulatedModuleRig.DefaultOptions()));
            link = rig.HostLink;
        }

        await using var engine = new AtEngine(link);
        try
        {
            var device = new LuatDevice(engine);
            var dataDirectory = request.Fs is { } fs ? Path.GetFullPath(fs) : await DefaultDataDirectoryAsync(device, request.Port, ct).ConfigureAwait(false);
            if (dataDirectory is null) return 3;

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
        finally
        {
            if (rig is not null) await rig.DisposeAsync().ConfigureAwait(false);
            if (cloud is not null) await cloud.DisposeAsync().ConfigureAwait(false);
        }
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

    /// <summary>`.luathost/&lt;imei&gt;/` under the current directory, so each module keeps its own files.</summary>
    private static async Task<string?> DefaultDataDirectoryAsync(LuatDevice device, string? port, CancellationToken ct)
    {
        try
        {
            await device.WaitUntilReadyAsync(TimeSpan.FromSeconds(15), ct).ConfigureAwait(false);
            var imei = await device.Identity.GetImeiAsync(ct).ConfigureAwait(false);
            return Path.Combine(Environment.CurrentDirectory, ".luathost", imei);
        }
        catch (AtException ex)
        {
            Console.Error.WriteLine($"luathost run: the module on {port ?? "the virtual link"} does not answer AT ({ex.Message}); check power, port and baud rate");
            return null;
        }
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
