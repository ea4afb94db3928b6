using System.Globalization;
using System.Text;
using KeraLua;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// Writes a Lua value as JSON byte-for-byte like lua-cjson: strings are Lua bytes passed through
/// (only `"` `\` `/` and control characters escaped), a table is an array when its keys are exactly
/// 1..n (cjson also allows mildly sparse arrays, padding with null), otherwise an object.
/// </summary>
internal readonly struct JsonLuaEncoder(KeraLua.Lua lua, List<byte> output)
{
    private const int MaxDepth = 1000;

    public void Encode(int index, int depth)
    {
        index = lua.AbsIndex(index);
        switch (lua.Type(index))
        {
            case LuaType.Nil or LuaType.None: Append("null"); break;
            case LuaType.Boolean: Append(lua.ToBoolean(index) ? "true" : "false"); break;
            case LuaType.Number: AppendNumber(index); break;
            case LuaType.String: AppendString(lua.ToBuffer(index, false) ?? []); break;
            case LuaType.LightUserData when lua.ToUserData(index) == IntPtr.Zero: Append("null"); break;
            case LuaType.Table: AppendTable(index, depth + 1); break;
            default: throw new LuatArgumentException($"Cannot serialise {lua.TypeName(lua.Type(index))}: type not supported");
        }
    }

    private void AppendNumber(int index)
    {
        if (lua.IsInteger(index))
        {
            Append(lua.ToInteger(index).ToString(CultureInfo.InvariantCulture));
            return;
        }
        var value = lua.ToNumber(index);
        if (double.IsNaN(value) || double.IsInfinity(value))
            throw new LuatArgumentException("Cannot serialise number: must not be NaN or Inf");
        Append(Runtime.LuaToString.FormatNumber(value));
    }

    private void AppendTable(int index, int depth)
    {
        if (depth > MaxDepth) throw new LuatArgumentException($"Cannot serialise, excessive nesting ({depth})");
        lua.CheckStack(6);
        var arrayLength = ArrayLength(index);
        if (arrayLength > 0)
        {
            output.Add((byte)'[');
            for (var i = 1; i <= arrayLength; i++)
            {
                if (i > 1) output.Add((byte)',');
                lua.RawGetInteger(index, i);
                Encode(-1, depth);
                lua.Pop(1);
            }
            output.Add((byte)']');
            return;
        }
        // Keys in byte order, so the same table encodes the same on every run (Lua's own order
        // follows its per-state string hash seed).
        var keys = new List<(byte[] Text, bool IsNumber, double Number)>();
        lua.PushNil();
        while (lua.Next(index))
        {
            lua.Pop(1);
            switch (lua.Type(-1))
            {
                case LuaType.String:
                    keys.Add((lua.ToBuffer(-1, false) ?? [], false, 0));
                    break;
                case LuaType.Number:
                    // cjson writes number keys as strings.
                    keys.Add((Encoding.ASCII.GetBytes(LuaArgs.NumberText(lua, -1)), true, lua.ToNumber(-1)));
                    break;
                default:
                    lua.Pop(1);
                    throw new LuatArgumentException("Cannot serialise table: table key must be a number or string");
            }
        }
        keys.Sort((a, b) => a.Text.AsSpan().SequenceCompareTo(b.Text));
        output.Add((byte)'{');
        for (var k = 0; k < keys.Count; k++)
        {
            if (k > 0) output.Add((byte)',');
            var key = keys[k];
            AppendString(key.Text);
            output.Add((byte)':');
            if (key.IsNumber) lua.PushNumber(key.Number);
            else lua.PushBuffer(key.Text);
            lua.RawGet(index);
            Encode(-1, depth);
            lua.Pop(1);
        }
        output.Add((byte)'}');
    }

    /// <summary>n when the keys are exactly integers 1..n with few holes (cjson's sparse ratio 2), else 0.</summary>
    private int ArrayLength(int index)
    {
        long max = 0;
        long count = 0;
        lua.PushNil();
        while (lua.Next(index))
        {
            lua.Pop(1);
            if (lua.Type(-1) != LuaType.Number || !lua.IsInteger(-1) || lua.ToInteger(-1) < 1)
            {
                lua.Pop(1);
                return 0;
            }
            max = Math.Max(max, lua.ToInteger(-1));
            count++;
        }
        if (max > 10 && max > count * 2)
            throw new LuatArgumentException("Cannot serialise table: excessively sparse array");
        return (int)max;
    }

    private void AppendString(byte[] bytes)
    {
        output.Add((byte)'"');
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'"': Append("\\\""); break;
                case (byte)'\\': Append("\\\\"); break;
                case (byte)'/': Append("\\/"); break;
                case (byte)'\b': Append("\\b"); break;
                case (byte)'\f': Append("\\f"); break;
                case (byte)'\n': Append("\\n"); break;
                case (byte)'\r': Append("\\r"); break;
                case (byte)'\t': Append("\\t"); break;
                case < 0x20 or 0x7F: Append($"\\u{b:x4}"); break;
                default: output.Add(b); break;
            }
        }
        output.Add((byte)'"');
    }

    private void Append(string ascii)
    {
        foreach (var c in ascii) output.Add((byte)c);
    }
}
