using System.Text;
using KeraLua;
using LuatHost.Luat.Binding;
using LuatHost.Runtime;

namespace LuatHost.Luat.Loop;

/// <summary>
/// The Lua face of Luat's message timers: <see cref="MessageTimerBook"/> holds the rule; this keeps what the Lua
/// side needs beside it. A timer is armed as a core timer (rtos.timer_start's queue), so it comes back through
/// rtos.receive as MSG_TIMER and sys.run calls it with Luat's error handling. Each timer's callback and its
/// args live in the registry (as themselves: 3.0 stays a float), owned by the timer: released when the book forgets it
/// (stopped, replaced, or a one-shot about to run — its values are on the stack by then), and with the Lua state at
/// close. One per power-on (a restart builds a new state and a new book).
/// </summary>
internal sealed class LuaMessageTimers : IMessageTimerClock
{
    private static readonly Encoding ByteExact = Encoding.Latin1;

    /// <summary>What luaL_ref returns for nil (LUA_REFNIL, lauxlib.h): no slot taken, nothing to free.</summary>
    private const int RefNil = -1;

    private readonly LuatMessagePump _pump;
    private KeraLua.Lua _caller;

    public LuaMessageTimers(LuatContext context)
    {
        _pump = context.Messages;
        _caller = context.Lua;
        Book = new MessageTimerBook(this);
    }

    public MessageTimerBook Book { get; }

    /// <summary>The Lua thread of the host call now running: where released references are unref'd.</summary>
    public LuaMessageTimers On(KeraLua.Lua lua)
    {
        _caller = lua;
        return this;
    }

    /// <summary>
    /// Starts a timer for the callback at <paramref name="callbackIndex"/> with the args from <paramref name="firstArg"/>
    /// to the top; null, with nothing started or stopped, for a time the core cannot arm (Luat's rtos.timer_start fails).
    /// </summary>
    public long? Start(KeraLua.Lua lua, int callbackIndex, double milliseconds, bool repeats, int firstArg)
    {
        if (!MessageTimerBook.TryPeriod(milliseconds, out _)) return null;
        var last = LastNonNil(lua, firstArg);
        var values = new TimerMatchValue[last - firstArg + 1];
        var refs = new int[values.Length + 1];
        var callback = Capture(lua, callbackIndex, out refs[0]);
        for (var i = 0; i < values.Length; i++) values[i] = Capture(lua, firstArg + i, out refs[i + 1]);
        return Book.Start(callback, values, milliseconds, repeats, refs).Id;
    }

    /// <summary>The match values of the args from <paramref name="firstArg"/> to the top (no references taken).</summary>
    public static TimerMatchValue[] ReadArgs(KeraLua.Lua lua, int firstArg)
    {
        var last = LastNonNil(lua, firstArg);
        if (last < firstArg) return [];
        var values = new TimerMatchValue[last - firstArg + 1];
        for (var i = 0; i < values.Length; i++) values[i] = Read(lua, firstArg + i);
        return values;
    }

    /// <summary>How Luat's `==` sees the value at <paramref name="index"/>.</summary>
    public static TimerMatchValue Read(KeraLua.Lua lua, int index) => lua.Type(index) switch
    {
        LuaType.None or LuaType.Nil => TimerMatchValue.Nil,
        LuaType.Boolean => TimerMatchValue.Boolean(lua.ToBoolean(index)),
        LuaType.Number => lua.IsInteger(index) ? TimerMatchValue.Integer(lua.ToInteger(index)) : TimerMatchValue.Number(lua.ToNumber(index)),
        LuaType.String => TimerMatchValue.Text(ByteExact.GetString(lua.ToBuffer(index, false) ?? [])),
        _ => TimerMatchValue.Reference(lua.ToPointer(index)),
    };

    /// <summary>Pushes the timer's callback (with <paramref name="withArgs"/>, its args after it); returns how many values.</summary>
    public int Push(KeraLua.Lua lua, MessageTimer timer, bool withArgs)
    {
        var refs = (int[])timer.FaceState!;
        var count = withArgs ? 1 + timer.Args.Count : 1;
        if (!lua.CheckStack(count + 1)) throw new LuatArgumentException("sys: too many timer arguments to call back");
        for (var i = 0; i < count; i++) Push(lua, refs[i]);
        return count;
    }

    long IMessageTimerClock.Arm(long id, TimeSpan period)
    {
        _pump.StartTimer(id, (long)period.TotalMilliseconds);
        return id;
    }

    void IMessageTimerClock.Disarm(long id, long handle) => _pump.StopTimer(id);

    void IMessageTimerClock.Forgotten(MessageTimer timer)
    {
        foreach (var reference in (int[])timer.FaceState!)
            if (reference != RefNil) _caller.Unref(LuaRegistry.Index, reference);
    }

    private static int LastNonNil(KeraLua.Lua lua, int firstArg)
    {
        var last = lua.GetTop();
        while (last >= firstArg && lua.IsNil(last)) last--;
        return last;
    }

    // Every value is kept as itself (3.0 comes back a float, a string with its bytes); nil takes no slot (LUA_REFNIL).
    private static TimerMatchValue Capture(KeraLua.Lua lua, int index, out int reference)
    {
        lua.PushCopy(index);
        reference = lua.Ref(LuaRegistry.Index);
        return Read(lua, index);
    }

    private static void Push(KeraLua.Lua lua, int reference)
    {
        if (reference == RefNil) lua.PushNil();
        else lua.RawGetInteger(LuaRegistry.Index, reference);
    }
}
