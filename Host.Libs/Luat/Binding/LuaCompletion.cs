using KeraLua;

namespace LuatHost.Luat.Binding;

/// <summary>
/// A Lua completion callback and the argument Luat hands back to it (aLiYun.publish's cb and para), owned as one:
/// both registry slots are freed exactly once, by <see cref="Complete"/> or by <see cref="Release"/> on a path that
/// will never complete (no module, the call threw). Without a callback nothing is kept.
/// </summary>
public readonly struct LuaCompletion
{
    private readonly LuaCallbackRef _callback;
    private readonly int _argument;

    private LuaCompletion(LuaCallbackRef callback, int argument)
    {
        _callback = callback;
        _argument = argument;
    }

    public bool IsEmpty => _callback.IsEmpty;

    /// <summary>Keeps the function at <paramref name="callbackIndex"/> and, with it, the value at <paramref name="argumentIndex"/>.</summary>
    public static LuaCompletion Capture(KeraLua.Lua lua, int callbackIndex, int argumentIndex)
    {
        var callback = LuaCallbackRef.Capture(lua, callbackIndex);
        if (callback.IsEmpty) return default;
        lua.PushCopy(argumentIndex);
        return new LuaCompletion(callback, lua.Ref(LuaRegistry.Index));
    }

    /// <summary>Lua thread: calls cb(result, argument) protected, then frees both slots.</summary>
    public void Complete(KeraLua.Lua lua, bool result, Loop.LuatMessagePump messages, string what)
    {
        if (IsEmpty) return;
        _callback.Push(lua, release: true);
        lua.PushBoolean(result);
        lua.RawGetInteger(LuaRegistry.Index, _argument);
        lua.Unref(LuaRegistry.Index, _argument);
        messages.CallProtected(lua, 2, what);
    }

    /// <summary>Lua thread: frees both slots without calling (the completion can never come).</summary>
    public void Release(KeraLua.Lua lua)
    {
        if (IsEmpty) return;
        _callback.Release(lua);
        lua.Unref(LuaRegistry.Index, _argument);
    }
}
