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
    /// A stack value as a host object for formatting: every number is a double, as in Luat's 5.1 (so
    /// the shared formatter prints `1` for 1.0 and `1e+15` for 10^15 with "%.14g"), strings are
    /// decoded for the console (<see cref="LuaTextDecoder"/>); anything else goes through Lua's own tostring (`table: 0x…`).
    /// </summary>
    public static object? ToFormattable(KeraLua.Lua lua, int index, Encoding? consoleEncoding = null) => lua.Type(index) switch
    {
        LuaType.Nil or LuaType.None => null,
        LuaType.Boolean => lua.ToBoolean(index),
        LuaType.Number => lua.ToNumber(index),
        LuaType.String => LuaTextDecoder.Decode(lua.ToBuffer(index, false) ?? [], consoleEncoding),
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
