using System.Text;
using KeraLua;

namespace LuatHost.Luat.Binding;

/// <summary>Moves plain values across the boundary (host events' arguments, callback results).</summary>
public static class LuaValues
{
    public static void Push(KeraLua.Lua lua, object? value)
    {
        switch (value)
        {
            case null: lua.PushNil(); break;
            case bool b: lua.PushBoolean(b); break;
            case string s: lua.PushBuffer(Encoding.UTF8.GetBytes(s)); break;
            case byte[] bytes: lua.PushBuffer(bytes); break;
            case int i: lua.PushInteger(i); break;
            case long l: lua.PushInteger(l); break;
            case double d: lua.PushNumber(d); break;
            case IReadOnlyDictionary<string, object?> map:
                lua.CreateTable(0, map.Count);
                foreach (var (k, v) in map)
                {
                    Push(lua, v);
                    lua.SetField(-2, k);
                }
                break;
            case IReadOnlyList<object?> list:
                lua.CreateTable(list.Count, 0);
                for (var i = 0; i < list.Count; i++)
                {
                    Push(lua, list[i]);
                    lua.RawSetInteger(-2, i + 1);
                }
                break;
            default: lua.PushString(value.ToString() ?? ""); break;
        }
    }

    /// <summary>
    /// A stack value as a host object for formatting: integers stay long, floats stay double (so the
    /// shared formatter prints `1` for 1.0 as Luat's 5.1 did), strings are decoded; anything else
    /// goes through Lua's own tostring (`table: 0x…`).
    /// </summary>
    public static object? ToFormattable(KeraLua.Lua lua, int index) => lua.Type(index) switch
    {
        LuaType.Nil or LuaType.None => null,
        LuaType.Boolean => lua.ToBoolean(index),
        LuaType.Number => lua.IsInteger(index) ? lua.ToInteger(index) : lua.ToNumber(index),
        LuaType.String => Encoding.UTF8.GetString(lua.ToBuffer(index, false) ?? []),
        _ => ViaTostring(lua, index),
    };

    private static string ViaTostring(KeraLua.Lua lua, int index)
    {
        index = lua.AbsIndex(index);
        lua.GetGlobalRaw("tostring");
        lua.PushCopy(index);
        if (lua.PCall(1, 1, 0) != LuaStatus.OK)
        {
            lua.Pop(1);
            return lua.TypeName(lua.Type(index));
        }
        var text = lua.ToString(-1, false) ?? "";
        lua.Pop(1);
        return text;
    }
}
