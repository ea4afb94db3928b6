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
        var consoleEncoding = new Option<string?>("--console-encoding") { Description = "How print/log show script strings: auto (UTF-8 if valid, else GBK), utf-8 or gbk." };
        var sourceEncoding = new Option<string?>("--encoding") { Description = "What the project's .lua files are saved in: auto (GBK if a file is not UTF-8), utf-8 or gbk; sets how print/log show strings unless --console-encoding is given." };
        var noRestart = new Option<bool>("--no-restart") { Description = "End the run when the script calls sys.restart or fails with an error, instead of re-running it (a script error then exits 1)." };
        var maxMemory = new Option<string?>("--max-memory") { Description = "Ceiling on the Lua script's memory: 256MB (default), 1GB." };
        var watchdog = new Option<string?>("--watchdog") { Description = "Warn when a Lua script has not yielded for this long (default 10s)." };
        var force = new Option<bool>("--force") { Description = "Let --record overwrite an existing file." };
        var logLevel = new Option<string>("--log-level") { Description = "Host log level: trace, debug, info, warn, error, off.", DefaultValueFactory = _ => HostLogging.DefaultLevel };

        var command = new Command("run", "Run a Luat script project (main.lua + modules) or a C# script.");
        command.Arguments.Add(path);
        var record = new Option<FileInfo?>("--record") { Description = "Write every byte each way on the module link, with timestamps, to this file (secrets masked)." };
        var realism = RealismOption.Create();
        var map = new Option<string[]>("--map")
        {
            Description = "Point a host name the script uses at a local server: HOST[:PORT]=IP:PORT, repeatable (virtual module only), e.g. 'broker.example.com:1883=127.0.0.1:1883'.",
        };
        var uart = UartOption.Create();
        foreach (var option in new Option[] { port, baud, fs, duration, unsafeOption, noRestart, logLevel, record, consoleEncoding, sourceEncoding, maxMemory, watchdog, force, realism, map, uart }) command.Options.Add(option);

        command.SetAction(async (parse, ct) =>
        {
            try
            {
                OwnerOnlyFiles.Apply();
                HostLogging.Configure(parse.GetValue(logLevel));
                RunOptionChecks.Port(parse.GetValue(port));
                var request = new RunRequest(
                    parse.GetValue(path)!, parse.GetValue(port), parse.GetValue(baud), parse.GetValue(fs) is { } fsValue ? RunOptionChecks.DataFolder(fsValue) : null,
                    RunOptionChecks.Duration(parse.GetValue(duration), "--for"), parse.GetValue(unsafeOption), parse.GetValue(noRestart))
                {
                    RecordPath = parse.GetValue(record)?.FullName,
                    ConsoleEncoding = LuatHost.Luat.Binding.LuaTextDecoder.Parse(parse.GetValue(consoleEncoding)),
                    SourceEncoding = LuatHost.Luat.Binding.LuaTextDecoder.Parse(parse.GetValue(sourceEncoding), "--encoding"),
                    ForceRecord = parse.GetValue(force),
                    DurationText = parse.GetValue(duration),
                    MaxMemoryBytes = RunOptionChecks.MemorySize(parse.GetValue(maxMemory)),
                    NoYieldWarning = RunOptionChecks.Duration(parse.GetValue(watchdog), "--watchdog") ?? TimeSpan.FromSeconds(10),
                    Realism = RealismOption.Parse(parse.GetValue(realism)),
                    MapRules = parse.GetValue(map) ?? [],
                    Uarts = UartOption.Parse(parse.GetValue(uart) ?? []),
                };
                return await RunAsync(request, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ArgumentException or ProjectConfigurationException or TransportException)
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

        public System.Text.Encoding? ConsoleEncoding { get; init; }

        public System.Text.Encoding? SourceEncoding { get; init; }

        public bool ForceRecord { get; init; }

        public string? DurationText { get; init; }

        public long MaxMemoryBytes { get; init; } = LuatRunOptions.DefaultMaxMemoryBytes;

        public TimeSpan NoYieldWarning { get; init; } = TimeSpan.FromSeconds(10);

        public Sim.Module.RealismProfile? Realism { get; init; }

        public IReadOnlyList<string> MapRules { get; init; } = [];

        public IReadOnlyList<(long Id, string Port, int Baud)> Uarts { get; init; } = [];
    }

    private static async Task<int> RunAsync(RunRequest request, CancellationToken ct)
    {
        var target = Path.GetFullPath(request.Path);
        if (target.EndsWith(".csx", StringComparison.OrdinalIgnoreCase))
        {
            if (request.Uarts.Count > 0) throw new ArgumentException("--uart wires a Luat script's uart library; a C# script has none (give a Lua project)");
            var recordPath = RunOptionChecks.Record(request.RecordPath, request.ForceRecord, Path.GetDirectoryName(target)!);
            return await RunCSharpScript.RunAsync(new CSharpRunRequest(target)
            {
                Port = request.Port, Baud = request.Baud, Duration = request.Duration, DurationText = request.DurationText, RecordPath = recordPath, Realism = request.Realism, MapRules = request.MapRules,
            }, ct).ConfigureAwait(false);
        }

        var (projectDirectory, mainFile) = ResolveProject(target);
        var record = RunOptionChecks.Record(request.RecordPath, request.ForceRecord, projectDirectory);

        // Signals are ours from here on, before the module and the cloud start: a SIGTERM during start-up ends the run
        // with the same line as one that comes later (StartClock makes the handlers the newest for the run itself).
        using var stop = new RunStop(request.Duration, request.DurationText, RunStop.LuaGrace, ct);
        try
        {
            return await RunProjectAsync(request, projectDirectory, mainFile, record, stop, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.Requested)
        {
            return stop.Report(Console.Error);
        }
    }

    private static async Task<int> RunProjectAsync(RunRequest request, string projectDirectory, string mainFile, string? record, RunStop stop,
        CancellationToken ct)
    {
        using var otaProgress = OtaProgressDisplay.Attach();
        await using var uarts = await WiredUarts.OpenAsync(request.Uarts, ct).ConfigureAwait(false);
        await using var connection = await ModuleConnection.OpenAsync(request.Port, request.Baud, record, projectDirectory, Console.Error, ct, request.Realism, request.MapRules).ConfigureAwait(false);
        if (connection is null) return stop.Requested ? stop.Report(Console.Error) : ModuleConnection.ModuleUnavailable;

        var device = connection.Device;
        var dataDirectory = await connection.DataDirectoryAsync(request.Fs, ct).ConfigureAwait(false);

        var options = new LuatRunOptions
        {
            ProjectDirectory = projectDirectory,
            MainFile = mainFile,
            DataDirectory = dataDirectory,
            Duration = request.Duration,
            Unsafe = request.Unsafe,
            MaxMemoryBytes = request.MaxMemoryBytes,
            NoYieldWarning = request.NoYieldWarning,
            RestartOnRequest = !request.NoRestart,
            ConsoleEncoding = request.ConsoleEncoding,
            SourceEncoding = request.SourceEncoding,
            Uarts = uarts.Ports,
            Output = HostLogging.ScriptOutput,
            Diagnostics = line =>
            {
                if (line.StartsWith("error:", StringComparison.Ordinal)) Log.Error(line["error:".Length..].TrimStart());
                else Log.Warn(line);
            },
        };
        stop.StartClock();
        var run = new LuatProjectRunner(options, device).RunAsync(ct);
        // The runner stops busy Lua within a millisecond; only a script stuck inside one C call outlives the grace.
        if (await Task.WhenAny(run, stop.GraceOver).ConfigureAwait(false) != run) return stop.Report(Console.Error);
        var result = await run.ConfigureAwait(false);
        return result.StopDetail is null ? result.ExitCode : stop.Report(Console.Error, result.StopDetail == LuatProjectRunner.DurationElapsed);
    }

    /// <summary>A folder runs its main.lua; a .lua file runs from its folder.</summary>
    private static (string Directory, string MainFile) ResolveProject(string target)
    {
        if (Directory.Exists(target))
        {
            Luat.FileSystem.VirtualFileSystem.CheckProjectRoot(target);
            if (!File.Exists(Path.Combine(target, "main.lua")))
                throw new ArgumentException($"no main.lua in {target} (a Luat project starts from main.lua)");
            return (target, "main.lua");
        }
        if (File.Exists(target))
        {
            Luat.FileSystem.VirtualFileSystem.CheckProjectRoot(Path.GetDirectoryName(target)!);
            return (Path.GetDirectoryName(target)!, Path.GetFileName(target));
        }
        throw new ArgumentException($"{target} does not exist (give a project folder, a .lua file or a .csx script)");
    }
}
