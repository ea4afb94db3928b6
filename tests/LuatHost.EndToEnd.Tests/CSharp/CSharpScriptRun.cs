using LuatHost.Modem;
using LuatHost.At;
using LuatHost.Runtime;
using LuatHost.Scripting;

namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>
/// One C# script run on a module's AT engine (the world's virtual module), on its own loop thread, its log/print
/// lines collected. Tests wait for lines (the wait's timeout only guards against hangs), then stop the run.
/// </summary>
internal sealed class CSharpScriptRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly StringWriter _errors = new();
    private readonly TextWriter _errorWriter;
    private readonly EventLoop _loop = new();
    private ScriptGlobals _globals = null!;

    private CSharpScriptRun()
    {
        // Synchronized: the runner writes from the loop thread while a test may read.
        _errorWriter = TextWriter.Synchronized(_errors);
    }

    public OutputLines Output { get; } = new();

    /// <summary>The exit code, once the run ended.</summary>
    public Task<int> Completion { get; private set; } = null!;

    public IReadOnlyList<string> Lines => Output.Lines;

    /// <summary>Compile errors and unhandled script exceptions.</summary>
    public string Errors
    {
        get
        {
            lock (_errorWriter)
            {
                return _errors.ToString();
            }
        }
    }

    public static CSharpScriptRun Start(ScriptFolder folder, string scriptName, Air724 modem)
    {
        var run = new CSharpScriptRun();
        var device = new ScriptDevice(modem);
        var globals = run._globals = new ScriptGlobals(run._loop, run.Output.Add, device);
        var options = new ScriptRunOptions { CacheDirectory = folder.CacheDirectory, ErrorOutput = run._errorWriter };
        run.Completion = new CSharpScriptRunner().RunAsync(folder.PathOf(scriptName), options, globals, run._stop.Token);
        return run;
    }

    /// <summary>sys.publish from the test: the script's sys.WaitUntilAsync(id) / sys.Subscribe(id) sees it on its loop.</summary>
    public void Publish(string id, params object?[] args) => _globals.Bus.Publish(id, args);

    public Task<string> WaitForLineAsync(params string[] fragments) => Output.WaitForLineAsync(() => Errors, fragments);

    /// <summary>Waits for the script to end by itself; the exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        try
        {
            return await Completion.WaitAsync(OutputLines.HangGuard);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the script did not end within {OutputLines.HangGuard.TotalSeconds} s. "
                + $"Output so far:\n{string.Join("\n", Lines)}\nErrors:\n{Errors}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await ((Task)Completion).WaitAsync(OutputLines.HangGuard).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _loop.Dispose();
    }
}
