using KeraLua;

namespace LuatHost.Luat.Binding;

/// <summary>A C# implementation of one Lua function: reads its arguments from the stack, returns the result count.</summary>
public delegate int HostFunction(KeraLua.Lua lua);

/// <summary>
/// Turns a <see cref="HostFunction"/> into a raw KeraLua delegate that never lets a .NET exception
/// or a Lua longjmp cross the native boundary: a failure is returned as (ErrorMarker, message) and
/// the Lua-side wrapper from host/boundary.lua raises it as an ordinary Lua error at the caller.
/// </summary>
internal static class HostFunctionAdapter
{
    /// <summary>A light userdata no script can forge; first result of a failed host call.</summary>
    public static readonly IntPtr ErrorMarker = new(0x4C554154); // "LUAT"

    /// <param name="toVirtual">Rewrites host paths in an unexpected failure's text (an IOException names the real
    /// file) as the script's own device paths, so a message never shows where the device's folders are.</param>
    public static LuaFunction Adapt(string qualifiedName, HostFunction function, LuaThreadWrappers threads,
        Func<string, string> toVirtual) => state =>
    {
        var lua = threads.For(state);
        threads.HostDepth++;
        try
        {
            return function(lua);
        }
        catch (Exception ex)
        {
            lua.SetTop(0);
            lua.PushLightUserData(ErrorMarker);
            lua.PushString(ex is LuatArgumentException or UnauthorizedAccessException ? ex.Message : $"{qualifiedName}: {toVirtual(ex.Message)}");
            return 2;
        }
        finally
        {
            threads.HostDepth--;
        }
    };
}

/// <summary>
/// The KeraLua object for each Lua thread (coroutine) that calls into the host. KeraLua's
/// FromIntPtr makes a new wrapper per call from a coroutine and points the thread at it through a
/// weak handle; once that wrapper is collected the next lookup would fail inside a native callback.
/// Keeping one wrapper per thread alive here makes every later call find it (and allocate nothing).
/// Lua thread only.
/// </summary>
internal sealed class LuaThreadWrappers(KeraLua.Lua main)
{
    private readonly Dictionary<IntPtr, KeraLua.Lua> _threads = new() { [main.Handle] = main };

    /// <summary>Host functions on the stack right now (nested when one calls back into Lua).</summary>
    public int HostDepth { get; set; }

    public KeraLua.Lua For(IntPtr state)
    {
        if (_threads.TryGetValue(state, out var lua)) return lua;
        lua = KeraLua.Lua.FromIntPtr(state);
        _threads[state] = lua;
        return lua;
    }
}
