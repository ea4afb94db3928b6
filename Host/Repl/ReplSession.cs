using System.Text;
using KeraLua;
using LuatHost.Luat;
using LuatHost.Luat.Compat;

namespace LuatHost.Cli.Repl;

/// <summary>
/// The bridge between the prompt and the Lua thread. Each input is posted to the running Luat state (it runs at the
/// scheduler's next rtos.receive, between timers and callbacks) and compiled and started there by repl.lua's
/// <c>repl.eval</c>. A restart (sys.restart typed at the prompt) hands the session the fresh state.
/// </summary>
internal sealed class ReplSession
{
    private const string EntryResource = "repl.lua";

    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource<bool>> _inFlight = [];
    private readonly LuaFunction _ready;
    private TaskCompletionSource _readySignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private LuatRuntime? _runtime;

    public ReplSession()
    {
        _ready = _ =>
        {
            lock (_gate) _readySignal.TrySetResult();
            return 0;
        };
    }

    /// <summary>The REPL's main chunk (loads the libraries, starts the scheduler).</summary>
    public static string EntrySource()
    {
        using var stream = typeof(ReplSession).Assembly.GetManifestResourceStream(EntryResource)
            ?? throw new InvalidOperationException($"embedded resource {EntryResource} is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>Completes once the libraries are loaded and the module has answered its IMEI.</summary>
    public Task Ready
    {
        get
        {
            lock (_gate) return _readySignal.Task;
        }
    }

    /// <summary>The runner's power-on hook (Lua thread): gives repl.lua its host table.</summary>
    public void Attach(LuatRuntime runtime)
    {
        List<TaskCompletionSource<bool>> abandoned;
        lock (_gate)
        {
            _runtime = runtime;
            if (_readySignal.Task.IsCompleted) _readySignal = new(TaskCreationOptions.RunContinuationsAsynchronously);
            abandoned = [.. _inFlight];
            _inFlight.Clear();
        }
        // Inputs posted to the state that just restarted are gone with it.
        foreach (var pending in abandoned) pending.TrySetResult(true);
        var lua = runtime.Context.Lua;
        lua.NewTable();
        lua.PushCFunction(_ready);
        lua.SetField(-2, "ready");
        lua.SetGlobal("repl_host");
    }

    /// <summary>Runs one input; true when it was a complete chunk (run or refused), false when it needs more lines.</summary>
    public Task<bool> EvaluateAsync(string source, string chunkName = "=stdin")
    {
        var text = ContinuePrepass.Apply(source);
        return OnLuaThread(lua =>
        {
            lua.GetGlobal("repl");
            lua.GetField(-1, "eval");
            lua.Remove(-2);
            lua.PushString(text);
            lua.PushString(chunkName);
            if (lua.PCall(2, 1, 0) != LuaStatus.OK)
            {
                WriteOutput(lua.ToString(-1, false) ?? "error");
                lua.Pop(1);
                return true;
            }
            var complete = lua.ToString(-1, false) != "incomplete";
            lua.Pop(1);
            return complete;
        });
    }

    /// <summary>True while an input is still inside a sys.wait (piped input lets those finish before ending).</summary>
    public Task<bool> HasPendingInputsAsync() => OnLuaThread(lua =>
    {
        lua.GetGlobal("repl");
        lua.GetField(-1, "pending");
        lua.Remove(-2);
        var busy = lua.PCall(0, 1, 0) == LuaStatus.OK && lua.ToInteger(-1) > 0;
        lua.Pop(1);
        return busy;
    });

    private void WriteOutput(string line)
    {
        LuatRuntime? runtime;
        lock (_gate) runtime = _runtime;
        runtime?.Context.WriteLine(line);
    }

    private Task<bool> OnLuaThread(Func<KeraLua.Lua, bool> work)
    {
        var done = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        LuatRuntime runtime;
        lock (_gate)
        {
            runtime = _runtime ?? throw new InvalidOperationException("the Lua state is not running");
            _inFlight.Add(done);
        }
        runtime.Context.Messages.PostToLua(lua =>
        {
            try
            {
                done.TrySetResult(work(lua));
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
            finally
            {
                lock (_gate) _inFlight.Remove(done);
            }
        });
        return done.Task;
    }
}
