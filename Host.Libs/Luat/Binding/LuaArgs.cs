using System.Globalization;
using System.Text;
using KeraLua;

namespace LuatHost.Luat.Binding;

/// <summary>
/// Argument readers for host functions. Luat ran Lua 5.1, where every number is a double, so a
/// script may pass `3.0` (or `50*100/200`) anywhere an integer is expected: readers accept integral
/// floats and truncate others, as the 5.1 C API's lua_tointeger did.
/// </summary>
public static class LuaArgs
{
    public static long Integer(this KeraLua.Lua lua, int index, string function)
    {
        switch (lua.Type(index))
        {
            case LuaType.Number:
                if (lua.IsInteger(index)) return lua.ToInteger(index);
                var d = lua.ToNumber(index);
                if (double.IsNaN(d) || double.IsInfinity(d)) throw BadArgument(index, function, "number has no integer representation");
                return (long)Math.Truncate(d);
            case LuaType.String:
                var text = lua.ToString(index, false);
                if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l)) return l;
                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var f)) return (long)Math.Truncate(f);
                break;
        }
        throw BadArgument(index, function, $"number expected, got {TypeName(lua, index)}");
    }

    public static long OptionalInteger(this KeraLua.Lua lua, int index, string function, long fallback) =>
        lua.IsNoneOrNil(index) ? fallback : lua.Integer(index, function);

    public static double Number(this KeraLua.Lua lua, int index, string function)
    {
        var (value, ok) = (lua.ToNumber(index), lua.IsNumber(index));
        return ok ? value : throw BadArgument(index, function, $"number expected, got {TypeName(lua, index)}");
    }

    /// <summary>A Lua string as raw bytes (Luat strings carry binary data); numbers are converted like Lua does.</summary>
    public static byte[] Bytes(this KeraLua.Lua lua, int index, string function)
    {
        var type = lua.Type(index);
        if (type == LuaType.String) return lua.ToBuffer(index, false) ?? [];
        if (type == LuaType.Number) return Encoding.ASCII.GetBytes(NumberText(lua, index));
        throw BadArgument(index, function, $"string expected, got {TypeName(lua, index)}");
    }

    public static string Text(this KeraLua.Lua lua, int index, string function) =>
        Encoding.UTF8.GetString(lua.Bytes(index, function));

    public static string? OptionalText(this KeraLua.Lua lua, int index, string function) =>
        lua.IsNoneOrNil(index) ? null : lua.Text(index, function);

    /// <summary>Raw byte string result (binary-safe).</summary>
    public static void PushBytes(this KeraLua.Lua lua, ReadOnlySpan<byte> bytes) => lua.PushBuffer(bytes.ToArray());

    public static void PushText(this KeraLua.Lua lua, string text) => lua.PushBuffer(Encoding.UTF8.GetBytes(text));

    /// <summary>A number as Lua 5.1 turns it into a string ("%.14g").</summary>
    public static string NumberText(KeraLua.Lua lua, int index) => Runtime.LuaToString.FormatNumber(lua.ToNumber(index));

    public static string TypeName(KeraLua.Lua lua, int index) =>
        lua.Type(index) == LuaType.None ? "no value" : lua.TypeName(lua.Type(index));

    public static LuatArgumentException BadArgument(int index, string function, string problem) =>
        new($"bad argument #{index} to '{function}' ({problem})");
}
