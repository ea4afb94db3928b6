using System.Globalization;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// bit (eLua bit.c): operands go through int64 and are masked to 32 bits; results are unsigned
/// 32-bit numbers (bit.bnot(0) == 4294967295) except arshift, which keeps the sign.
/// </summary>
public static class BitModule
{
    public static LuatLibrary Library { get; } = new("bit", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib) => lib
        .Function("bnot", lua => Push(lua, ~Operand(lua, 1, "bit.bnot")))
        .Function("band", lua => Fold(lua, "bit.band", uint.MaxValue, static (a, b) => a & b))
        .Function("bor", lua => Fold(lua, "bit.bor", 0, static (a, b) => a | b))
        .Function("bxor", lua => Fold(lua, "bit.bxor", 0, static (a, b) => a ^ b))
        .Function("lshift", lua => Push(lua, Shift(Operand(lua, 1, "bit.lshift"), lua.Integer(2, "bit.lshift"), left: true)))
        .Function("rshift", lua => Push(lua, Shift(Operand(lua, 1, "bit.rshift"), lua.Integer(2, "bit.rshift"), left: false)))
        .Function("arshift", lua =>
        {
            var value = (int)Operand(lua, 1, "bit.arshift");
            var n = lua.Integer(2, "bit.arshift");
            lua.PushInteger(n >= 32 ? (value < 0 ? -1 : 0) : n <= 0 ? value : value >> (int)n);
            return 1;
        })
        .Function("rol", lua =>
        {
            var n = (int)(lua.Integer(2, "bit.rol") & 31);
            return Push(lua, uint.RotateLeft(Operand(lua, 1, "bit.rol"), n));
        })
        .Function("ror", lua =>
        {
            var n = (int)(lua.Integer(2, "bit.ror") & 31);
            return Push(lua, uint.RotateRight(Operand(lua, 1, "bit.ror"), n));
        })
        .Function("bit", lua => Push(lua, Shift(1, lua.Integer(1, "bit.bit"), left: true)))
        .Function("set", lua => Positions(lua, "bit.set", static (v, mask) => v | mask))
        .Function("clear", lua => Positions(lua, "bit.clear", static (v, mask) => v & ~mask))
        .Function("isset", lua =>
        {
            lua.PushBoolean((Operand(lua, 1, "bit.isset") & Shift(1, lua.Integer(2, "bit.isset"), true)) != 0);
            return 1;
        })
        .Function("isclear", lua =>
        {
            lua.PushBoolean((Operand(lua, 1, "bit.isclear") & Shift(1, lua.Integer(2, "bit.isclear"), true)) == 0);
            return 1;
        })
        .Function("tohex", lua =>
        {
            // LuaBitOp's tohex(x [,n]): n hex digits (default 8), negative n = upper case.
            var value = Operand(lua, 1, "bit.tohex");
            var n = lua.OptionalInteger(2, "bit.tohex", 8);
            var upper = n < 0;
            var digits = (int)Math.Clamp(Math.Abs(n), 1, 8);
            var text = (value & (digits == 8 ? uint.MaxValue : (1u << (4 * digits)) - 1))
                .ToString((upper ? "X" : "x") + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            lua.PushString(text);
            return 1;
        });

    /// <summary>Any number (or integral float, or float truncated) as the 32-bit pattern eLua uses.</summary>
    private static uint Operand(KeraLua.Lua lua, int index, string function) => unchecked((uint)lua.Integer(index, function));

    private static uint Shift(uint value, long n, bool left) =>
        n is < 0 or >= 32 ? 0 : left ? value << (int)n : value >> (int)n;

    private static int Push(KeraLua.Lua lua, uint value)
    {
        lua.PushInteger(value);
        return 1;
    }

    private static int Fold(KeraLua.Lua lua, string function, uint seed, Func<uint, uint, uint> op)
    {
        var count = lua.GetTop();
        var result = count == 0 ? seed : Operand(lua, 1, function);
        for (var i = 2; i <= count; i++) result = op(result, Operand(lua, i, function));
        return Push(lua, result);
    }

    private static int Positions(KeraLua.Lua lua, string function, Func<uint, uint, uint> op)
    {
        var value = Operand(lua, 1, function);
        for (var i = 2; i <= lua.GetTop(); i++) value = op(value, Shift(1, lua.Integer(i, function), true));
        return Push(lua, value);
    }
}
