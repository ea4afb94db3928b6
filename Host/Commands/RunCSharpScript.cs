using LuatHost.At;
using LuatHost.Cli.Logging;
using LuatHost.Cli.Simulation;
using LuatHost.Luat;
using LuatHost.Modem;
using LuatHost.Runtime;
using LuatHost.Scripting;
using LuatHost.Transport;

namespace LuatHost.Cli.Commands;

/// <summary>What `luathost run flow.csx` needs; <see cref="Output"/>/<see cref="Errors"/> null = the CLI's sinks.</summary>
public sealed record CSharpRunRequest(string ScriptPath)
{
    /// <summary>Module link (COM3, /dev/ttyUSB0, tcp://host:port); null = virtual module + local cloud.</summary>
    public string? Port { get; init; }

    public int Baud { get; init; } = SerialLink.DefaultBaudRate;

    /// <summary>Virtual module realism (`--realism`); ignored with a port.</summary>
    public Sim.Module.RealismProfile? Realism { get; init; }

    /// <summary>Transcript of every byte on the module link (`--record`); null = none.</summary>
    public string? RecordPath { get; init; }

    /// <summary>`--map HOST[:PORT]=IP:PORT` rules for the virtual module.</summary>
    public IReadOnlyList<string> MapRules { get; init; } = [];

    /// <summary>Ends the run with exit code 0 after this long (`--for`).</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>--for as the user wrote it, for the stop line; null = formatted from <see cref="Duration"/>.</summary>
    public string? DurationText { get; init; }

    /// <summary>Script output lines (log/print); null = the CLI's script output (console + log file).</summary>
    public Action<string>? Output { get; init; }

    /// <summary>Compile errors and script exceptions; null = standard error.</summary>
    public TextWriter? Errors { get; init; }

    /// <summary>Compiled-script cache folder; null = `.luathost/cache/csx/` under the current directory.</summary>
    public string? CacheDirectory { get; init; }
}

/// <summary>
/// `luathost run flow.csx`: the C# face of a run. Without --port it starts the same in-process rig as a Lua project
/// (the local cloud with the registry beside the script, e.g. <c>cloud-registry.json</c>, and a virtual Air724UG
/// routed to it); with --port it opens the real module. The script's `misc`/`aLiYun`/`aLiYunOta` globals drive that
/// module through the same services as the Lua bindings. The exit code is the runner's (<see cref="ScriptExitCodes"/>).
/// </summary>
public static class RunCSharpScript
{
    public static async Task<int> RunAsync(CSharpRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = request.Errors ?? Console.Error;
        var scriptPath = Path.GetFullPath(request.ScriptPath);
        var runner = new CSharpScriptRunner();
        var options = new ScriptRunOptions { ErrorOutput = errors, CacheDirectory = request.CacheDirectory };
        // Compile errors come out before any module or cloud is started: they are the script's, not the link's.
        var prepared = await runner.PrepareAsync(scriptPath, options, cancellationToken).ConfigureAwait(false);
        if (prepared.Script is not { } script) return prepared.ExitCode;

        // The registry (and cloud-script.json) sit beside the script, as beside a Lua project's main.lua.
        await using var connection = await ModuleConnection.OpenAsync(request.Port, request.Baud, request.RecordPath, Path.GetDirectoryName(scriptPath)!, errors, cancellationToken, request.Realism, request.MapRules)
            .ConfigureAwait(false);
        if (connection is null) return ModuleConnection.ModuleUnavailable;
        // The same data directory a Lua project on this module uses, so both faces find the same SN fallback file.
        var device = new ScriptDevice(connection.Modem) { DataDirectory = await connection.DataDirectoryAsync(null, cancellationToken).ConfigureAwait(false) };
        return await RunScriptAsync(runner, script, request, device, errors, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> RunScriptAsync(CSharpScriptRunner runner, PreparedScript script, CSharpRunRequest request, ScriptDevice device,
        TextWriter errors, CancellationToken cancellationToken)
    {
        using var loop = new EventLoop();
        var globals = new ScriptGlobals(loop, request.Output ?? HostLogging.ScriptOutput, device);
        // --for ends the run as a script's sys.Exit(0) would: a planned stop, not a cancellation.
        using var duration = request.Duration is { } span ? new Timer(_ => globals.sys.Exit(0), null, span, Timeout.InfiniteTimeSpan) : null;
        using var stop = new RunStop(request.Duration, request.DurationText ?? $"{request.Duration?.TotalSeconds:0.###}s", RunStop.CSharpGrace, cancellationToken);
        stop.StartClock();
        var run = runner.RunAsync(script, globals, errors, stop.Token);
        if (await Task.WhenAny(run, stop.GraceOver).ConfigureAwait(false) == run)
        {
            var exitCode = await run.ConfigureAwait(false);
            return stop.Requested ? stop.Report(errors) : exitCode;
        }
        // The script ignored the cancellation for the whole grace (a loop that never awaits): end the process
        // with the same line; the per-run folders go with ProcessExit.
        var code = stop.Report(errors);
        errors.Flush();
        Environment.Exit(code);
        return code;
    }
}
