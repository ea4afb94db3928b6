using KeraLua;
using LuatHost.Luat.Binding;
using LuatHost.Runtime;

namespace LuatHost.Luat.Loop;

/// <summary>
/// The host side of rtos.receive. Core timers, events from other threads and restart/stop requests
/// all arrive through the shared <see cref="EventLoop"/>; Lua only runs on the thread that is inside
/// rtos.receive (or the initial chunk), never from a timer or I/O thread.
/// </summary>
public sealed class LuatMessagePump
{
    /// <summary>The error text that unwinds Lua when the run ends; the patched coroutine.resume stays quiet about it.</summary>
    public const string EndingMessage = "luathost: run ending";

    private readonly LuatContext _context;
    // Fields non-null: a message the core delivers as a table ({id = Id, field = value, …}), as MSG_AUDIO and MSG_RECORD.
    private readonly Queue<(long Id, long Param, IReadOnlyList<(string Name, object Value)>? Fields)> _messages = new();
    private readonly Queue<Action<KeraLua.Lua>> _luaWork = new();
    private readonly Dictionary<long, TimerEntry> _timers = new();
    private readonly HashSet<long> _firedTimers = new();
    private readonly Action<TimerEntry> _onTimer;
    private readonly Action<Action<KeraLua.Lua>> _enqueueLuaWork;

    internal LuatMessagePump(LuatContext context)
    {
        _context = context;
        _onTimer = OnTimerFired;
        _enqueueLuaWork = work => _luaWork.Enqueue(work);
    }

    /// <summary>Why the run is ending (null while it goes on).</summary>
    public LuatRunEnd? Ending { get; private set; }

    /// <summary>The restart reason, or the os.exit code, that came with <see cref="Ending"/>.</summary>
    public string? EndDetail { get; private set; }

    /// <summary>True once the script entered its scheduler loop (sys.run's first rtos.receive).</summary>
    public bool SchedulerStarted { get; private set; }

    private EventLoop Loop => _context.Loop;

    /// <summary>From any thread: run this against the Lua state on the Lua thread, at the next rtos.receive.</summary>
    public void PostToLua(Action<KeraLua.Lua> work) => Loop.Post(_enqueueLuaWork, work);

    /// <summary>From the loop thread: end the run; Lua unwinds at its next host call.</summary>
    public void RequestEnd(LuatRunEnd end, string? detail = null)
    {
        if (Ending is not null) return;
        Ending = end;
        EndDetail = detail;
    }

    /// <summary>Raises the ending error if the run is over (called by host functions that block or wait).</summary>
    public void ThrowIfEnding()
    {
        if (Ending is not null) throw new LuatArgumentException(EndingMessage);
    }

    public void StartTimer(long luatId, long milliseconds)
    {
        StopTimer(luatId);
        var entry = new TimerEntry(luatId);
        entry.LoopId = Loop.StartTimer(TimeSpan.FromMilliseconds(Math.Max(milliseconds, 0)), _onTimer, entry);
        _timers[luatId] = entry;
    }

    public void StopTimer(long luatId)
    {
        if (_timers.Remove(luatId, out var entry)) Loop.StopTimer(entry.LoopId);
        // A timer that fired but was not yet received must not be delivered after timer_stop.
        _firedTimers.Remove(luatId);
    }

    /// <summary>rtos.receive: pushes (id, param) and returns the result count.</summary>
    public void MarkSchedulerStarted() => SchedulerStarted = true;

    public int Receive(KeraLua.Lua lua, long timeoutMilliseconds)
    {
        SchedulerStarted = true;
        _context.Guard.Waiting();
        try
        {
            return WaitForMessage(lua, timeoutMilliseconds);
        }
        finally
        {
            _context.Guard.Running();
        }
    }

    private int WaitForMessage(KeraLua.Lua lua, long timeoutMilliseconds)
    {
        var timeout = timeoutMilliseconds < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(timeoutMilliseconds);
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        while (true)
        {
            _context.Guard.Over(); // a limit hit by code that has stopped running (a task died of it) ends the run here
            ThrowIfEnding();
            if (_luaWork.Count > 0)
            {
                _context.Guard.Running(); // host work runs Lua (subscribers): watched like the script
                while (_luaWork.TryDequeue(out var work) && Ending is null) work(lua);
                ThrowIfEnding();
                lua.PushInteger(RtosMessageIds.HostWake);
                lua.PushInteger(0);
                return 2;
            }
            while (_messages.TryDequeue(out var message))
            {
                if (message.Id == RtosMessageIds.Timer && !_firedTimers.Remove(message.Param)) continue;
                if (message.Fields is { } fields)
                {
                    PushTableMessage(lua, message.Id, fields);
                    return 1;
                }
                lua.PushInteger(message.Id);
                lua.PushInteger(message.Param);
                return 2;
            }
            var remaining = deadline == DateTime.MaxValue ? Timeout.InfiniteTimeSpan : deadline - DateTime.UtcNow;
            if (remaining != Timeout.InfiniteTimeSpan && remaining <= TimeSpan.Zero)
            {
                lua.PushInteger(RtosMessageIds.WaitMessageTimeout);
                return 1;
            }
            if (!Loop.RunOnce(remaining) && Loop.IsStopped) RequestEnd(LuatRunEnd.Stopped);
        }
    }

    /// <summary>Queues a core message (id, param) for rtos.receive; loop thread only.</summary>
    public void Enqueue(long id, long param) => _messages.Enqueue((id, param, null));

    /// <summary>
    /// Queues a core message that rtos.receive returns as one table, <c>{id = id, name = value, …}</c> (values bool,
    /// long or string); loop thread only.
    /// </summary>
    public void Enqueue(long id, params (string Name, object Value)[] fields) => _messages.Enqueue((id, 0, fields));

    private static void PushTableMessage(KeraLua.Lua lua, long id, IReadOnlyList<(string Name, object Value)> fields)
    {
        lua.CreateTable(0, fields.Count + 1);
        lua.PushInteger(id);
        lua.SetField(-2, "id");
        foreach (var (name, value) in fields)
        {
            switch (value)
            {
                case bool flag: lua.PushBoolean(flag); break;
                case long number: lua.PushInteger(number); break;
                default: lua.PushString(value.ToString()); break;
            }
            lua.SetField(-2, name);
        }
    }

    /// <summary>
    /// Calls the function below <paramref name="argumentCount"/> arguments on the stack; an error is
    /// printed as a Luat error line with its traceback and the loop goes on.
    /// </summary>
    public void CallProtected(KeraLua.Lua lua, int argumentCount, string what)
    {
        var functionIndex = lua.GetTop() - argumentCount;
        lua.PushTraceback();
        lua.Insert(functionIndex);
        var status = lua.PCall(argumentCount, 0, functionIndex);
        if (status != LuaStatus.OK)
        {
            var message = lua.ToString(-1, false) ?? "error";
            if (!message.Contains(EndingMessage, StringComparison.Ordinal))
                _context.WriteLine(LuatLogFormat.Format(LuatLogLevel.Error, what, message));
            lua.Pop(1);
        }
        lua.Remove(functionIndex);
    }

    private void OnTimerFired(TimerEntry entry)
    {
        if (!_timers.TryGetValue(entry.LuatId, out var current) || !ReferenceEquals(current, entry)) return;
        _timers.Remove(entry.LuatId);
        _firedTimers.Add(entry.LuatId);
        _messages.Enqueue((RtosMessageIds.Timer, entry.LuatId, null));
    }

    private sealed class TimerEntry(long luatId)
    {
        public long LuatId { get; } = luatId;
        public long LoopId { get; set; }
    }
}
