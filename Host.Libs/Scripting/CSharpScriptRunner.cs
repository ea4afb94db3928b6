using System.Diagnostics;

namespace LuatHost.Scripting;

/// <summary>
/// `luathost run flow.csx`: compiles (or loads from the cache) a Roslyn C# script and runs it on
/// the globals' event loop, on a dedicated loop thread: the body, every callback and every await
/// continuation run there, as Lua scripts do. The run ends when the body completes, when the script
/// calls sys.Exit, on an unhandled exception, or on cancellation; the result is a process exit code
/// (<see cref="ScriptExitCodes"/>).
/// </summary>
public sealed class CSharpScriptRunner
{
    private int _cacheHits;
    private int _compilations;

    /// <summary>Runs prepared from a cached compiled script (no Roslyn compile).</summary>
    public int CacheHits => Volatile.Read(ref _cacheHits);

    /// <summary>Runs that had to compile the script.</summary>
    public int Compilations => Volatile.Read(ref _compilations);

    public ScriptPreparation? LastPreparation { get; private set; }

    /// <summary>Compiles (or loads from the cache) and runs the script: <see cref="PrepareAsync"/> then <see cref="RunAsync(PreparedScript, ScriptGlobals, TextWriter?, CancellationToken)"/>.</summary>
    public async Task<int> RunAsync(string scriptPath, ScriptRunOptions options, ScriptGlobals globals, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(globals);
        var prepared = await PrepareAsync(scriptPath, options, ct).ConfigureAwait(false);
        if (prepared.Script is not { } script)
        {
            await globals.StopServicesAsync().ConfigureAwait(false);
            return prepared.ExitCode;
        }
        return await RunAsync(script, globals, options.ErrorOutput, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads and compiles the script (or loads it from the cache) without running it, so a host can report compile
    /// errors before it opens a module. Errors are written to <see cref="ScriptRunOptions.ErrorOutput"/>; the result
    /// then carries the exit code (<see cref="ScriptExitCodes.CompileError"/>, <see cref="ScriptExitCodes.ScriptNotFound"/> …).
    /// </summary>
    public async Task<ScriptPreparationResult> PrepareAsync(string scriptPath, ScriptRunOptions options, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(scriptPath);
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.ErrorOutput ?? Console.Error;

        var fullPath = Path.GetFullPath(scriptPath);
        string code;
        try
        {
            code = await File.ReadAllTextAsync(fullPath, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new ScriptPreparationResult(ScriptExitCodes.Cancelled, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"{scriptPath}: error: cannot read the script ({ex.Message}); check the path");
            return new ScriptPreparationResult(ScriptExitCodes.ScriptNotFound, null);
        }

        LoadedScript? script;
        try
        {
            // Compiling takes a second or more and must not hold the loop (or the caller's thread).
            script = await Task.Run(() => Prepare(fullPath, code, options, errors, ct), ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new ScriptPreparationResult(ScriptExitCodes.Cancelled, null);
        }
        return script is null
            ? new ScriptPreparationResult(ScriptExitCodes.CompileError, null)
            : new ScriptPreparationResult(ScriptExitCodes.Success, new PreparedScript(script));
    }

    /// <summary>Runs a prepared script on the globals' loop (a dedicated thread); the result is the exit code.</summary>
    public async Task<int> RunAsync(PreparedScript script, ScriptGlobals globals, TextWriter? errorOutput, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(globals);
        try
        {
            return await ScriptLoopRun.RunAsync(script.Loaded, globals, errorOutput ?? Console.Error, ct).ConfigureAwait(false);
        }
        finally
        {
            // The run is the services' lifetime: the Aliyun client closes its MQTT link before the host closes the module.
            await globals.StopServicesAsync().ConfigureAwait(false);
        }
    }

    private LoadedScript? Prepare(string fullPath, string code, ScriptRunOptions options, TextWriter errors, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var cache = options.UseCache ? new CompiledScriptCache(options.ResolveCacheDirectory()) : null;
        var key = CompiledScriptCache.KeyFor(fullPath, code);

        if (cache?.TryGet(key) is { } cached && TryLoad(cached) is { } warm)
        {
            Interlocked.Increment(ref _cacheHits);
            LastPreparation = new ScriptPreparation(true, Stopwatch.GetElapsedTime(started));
            return warm;
        }

        var compiled = ScriptCompiler.Compile(fullPath, code, ct);
        Interlocked.Increment(ref _compilations);
        if (compiled.Errors.Count > 0)
        {
            foreach (var error in compiled.Errors) errors.WriteLine(error);
            LastPreparation = new ScriptPreparation(false, Stopwatch.GetElapsedTime(started));
            return null;
        }

        var loaded = cache is null
            ? LoadedScript.FromImage(compiled.Image!, compiled.EntryPoint!, compiled.SourceFiles)
            : FromStored(cache.Store(key, compiled));
        LastPreparation = new ScriptPreparation(false, Stopwatch.GetElapsedTime(started));
        return loaded;
    }

    // A cache entry can vanish or be damaged between the manifest check and the load (another run
    // replacing it, a partial copy): then it is simply a miss and the script is compiled again.
    private static LoadedScript? TryLoad(CachedScriptEntry entry)
    {
        try
        {
            return FromStored(entry);
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or TypeLoadException or InvalidOperationException)
        {
            return null;
        }
    }

    private static LoadedScript FromStored(CachedScriptEntry entry) =>
        LoadedScript.FromFile(entry.ImagePath, entry.EntryPoint, entry.SourceFiles);
}
