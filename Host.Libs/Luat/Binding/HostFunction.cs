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

    public static LuaFunction Adapt(string qualifiedName, HostFunction function) => state =>
    {
        var lua = KeraLua.Lua.FromIntPtr(state);
        try
        {
            return function(lua);
        }
        catch (Exception ex)
        {
            lua.SetTop(0);
            lua.PushLightUserData(ErrorMarker);
            lua.PushString(ex is LuatArgumentException ? ex.Message : $"{qualifiedName}: {ex.Message}");
            return 2;
        }
    };
}
