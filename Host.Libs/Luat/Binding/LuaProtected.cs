using KeraLua;

namespace LuatHost.Luat.Binding;

/// <summary>
/// Reads of Lua values from host code that can never raise a Lua error while .NET frames are on the
/// stack (a longjmp through them aborts the process). Globals are read and written raw (a script may
/// give _G a metatable whose __index errors); a field of a script's table is read under lua_pcall,
/// so an erroring __index becomes a <see cref="LuatArgumentException"/>, i.e. a Lua error at the call.
/// </summary>
public static class LuaProtected
{
    private const string IndexHelperKey = "luathost.index";
    private const string TracebackKey = "luathost.traceback";

    /// <summary>Pushes <c>rawget(_G, name)</c>.</summary>
    public static void GetGlobalRaw(this KeraLua.Lua lua, string name)
    {
        lua.PushGlobalTable();
        lua.PushString(name);
        lua.RawGet(-2);
        lua.Remove(-2);
    }

    /// <summary>Pops the top value into <c>rawset(_G, name, value)</c>.</summary>
    public static void SetGlobalRaw(this KeraLua.Lua lua, string name)
    {
        lua.PushGlobalTable();
        lua.Insert(-2);
        lua.PushString(name);
        lua.Insert(-2);
        lua.RawSet(-3);
        lua.Pop(1);
    }

    /// <summary>Pushes <c>t[key]</c> for the table at <paramref name="index"/>, metamethods run under protection.</summary>
    public static void GetFieldProtected(this KeraLua.Lua lua, int index, string key, string function)
    {
        index = lua.AbsIndex(index);
        lua.CheckStack(4);
        if (lua.GetField((int)LuaRegistry.Index, IndexHelperKey) != LuaType.Function)
        {
            lua.Pop(1);
            if (lua.LoadString("local t, k = ... return t[k]", "=luathost.index") != LuaStatus.OK)
                throw new InvalidOperationException(lua.ToString(-1, false));
            lua.PushCopy(-1);
            lua.SetField((int)LuaRegistry.Index, IndexHelperKey);
        }
        lua.PushCopy(index);
        lua.PushString(key);
        if (lua.PCall(2, 1, 0) == LuaStatus.OK) return;
        var message = lua.ToString(-1, false) ?? "error object is not a string";
        lua.Pop(1);
        throw new LuatArgumentException($"{function}: reading field '{key}' failed: {message}");
    }

    /// <summary>
    /// Keeps the message handler for host pcalls, read while only host code has run: the Lua 5.1-worded handler of
    /// host/lua51.lua once it exists, else the unrestricted debug.traceback. Later changes by a script do not reach it.
    /// </summary>
    internal static void RememberTraceback(KeraLua.Lua lua)
    {
        lua.GetGlobalRaw("__luat_traceback51");
        if (lua.Type(-1) == LuaType.Function)
        {
            lua.SetField((int)LuaRegistry.Index, TracebackKey);
            return;
        }
        lua.Pop(1);
        lua.GetGlobalRaw("debug");
        lua.GetField(-1, "traceback"); // the standard debug table at start-up: no metatable
        lua.SetField((int)LuaRegistry.Index, TracebackKey);
        lua.Pop(1);
    }

    /// <summary>Pushes debug.traceback as kept at start-up, whatever the script did to `debug` since.</summary>
    public static void PushTraceback(this KeraLua.Lua lua) => lua.GetField((int)LuaRegistry.Index, TracebackKey);
}
