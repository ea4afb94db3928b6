using LuatHost.Runtime;

namespace LuatHost.Scripting;

/// <summary>
/// One script run on the event loop: owns the loop thread, starts the script body on it, and turns
/// however the run ends (body done, sys.Exit, exception, cancellation) into an exit code.
/// </summary>
internal sealed class ScriptLoopRun
{
    private readonly LoadedScript _script;
    private readonly ScriptGlobals _globals;
    private readonly TextWriter _errors;
    private readonly EventLoop _loop;
    // Written and read on the loop thread only.
    private int? _exitCode;

    private ScriptLoopRun(LoadedScript script, ScriptGlobals globals, TextWriter errors)
    {
        _script = script;
        _globals = globals;
        _errors = errors;
        _loop = globals.Loop;
    }

    public static Task<int> RunAsync(LoadedScript script, ScriptGlobals globals, TextWriter errors, CancellationToken ct)
    {
        var run = new ScriptLoopRun(script, globals, errors);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => done.TrySetResult(run.DriveLoop(ct)))
        {
            Name = "luat-loop",
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }

    private int DriveLoop(CancellationToken ct)
    {
        try
        {
            _loop.Post(static run => run.StartBody(), this);
            _loop.Run(ct);
            return _exitCode ?? (ct.IsCancellationRequested ? ScriptExitCodes.Cancelled : ScriptExitCodes.Success);
        }
        catch (Exception ex)
        {
            // Thrown by a timer, a subscriber or an async-void continuation: the run cannot go on,
            // as an error in sys.run ends a Luat script.
            Report(ex);
            return ScriptExitCodes.RuntimeError;
        }
        finally
        {
            _loop.Stop();
        }
    }

    private void StartBody()
    {
        // Watch sys.Exit before the body starts, so an exit wins over code that runs after it.
        _globals.sys.ExitRequested.ContinueWith(static (t, s) => ((ScriptLoopRun)s!).OnLoop(static a => a.Run.Finish(a.Body), t), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Task<object?> body;
        try
        {
            _globals.StartServices();
            body = _script.Start(_globals);
        }
        catch (Exception ex)
        {
            Finish(ex);
            return;
        }
        body.ContinueWith(static (t, s) => ((ScriptLoopRun)s!).OnLoop(static a => a.Run.Finish(a.Body), t), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    // The body normally completes on the loop thread, but a script may end with
    // ConfigureAwait(false) or call sys.Exit from elsewhere: the outcome is always recorded on the loop.
    private void OnLoop<T>(Action<(ScriptLoopRun Run, T Body)> finish, T body)
    {
        if (_loop.IsOnLoopThread) finish((this, body));
        else _loop.Post(finish, (this, body));
    }

    private void Finish(Task<int> exit) => Finish(exit.Result);

    private void Finish(Task<object?> body)
    {
        if (body.IsFaulted) Finish(body.Exception!);
        else if (body.IsCanceled) Finish(ScriptExitCodes.Cancelled);
        // A script may end with `return 3;` to choose its exit code.
        else Finish(body.Result is int code ? code : ScriptExitCodes.Success);
    }

    private void Finish(Exception exception)
    {
        Report(exception);
        Finish(ScriptExitCodes.RuntimeError);
    }

    private void Finish(int exitCode)
    {
        _exitCode ??= exitCode;
        _loop.Stop();
    }

    private void Report(Exception exception) => _errors.WriteLine(ScriptErrorReport.Describe(exception, _script.SourceFiles));
}
