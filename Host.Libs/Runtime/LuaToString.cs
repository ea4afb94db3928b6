using System.Globalization;
using System.Text;

namespace LuatHost.Runtime;

/// <summary>
/// Converts host values the way Luat's Lua 5.1 `tostring` prints them, so a C# script's log line
/// matches the one the same call makes from Lua.
/// </summary>
public static class LuaToString
{
    public static string Convert(object? value) => value switch
    {
        null => "nil",
        string s => s,
        bool b => b ? "true" : "false",
        // Lua 5.1 has one number type printed with "%.14g": integral floats print without ".0".
        double d => FormatNumber(d),
        float f => FormatNumber(f),
        decimal m => FormatNumber((double)m),
        sbyte or byte or short or ushort or int or uint or long or ulong =>
            ((IFormattable)value).ToString(null, CultureInfo.InvariantCulture),
        // Lua strings are bytes; the console shows them as UTF-8 text.
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>C's "%.14g" as Lua 5.1's LUA_NUMBER_FMT prints it.</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value)) return double.IsNegative(value) ? "-nan" : "nan";
        if (double.IsPositiveInfinity(value)) return "inf";
        if (double.IsNegativeInfinity(value)) return "-inf";
        // .NET "G14" switches to exponent form at the same points as C's %g and writes at least two
        // exponent digits ("1E+20"); only the letter case differs.
        return value.ToString("G14", CultureInfo.InvariantCulture).Replace('E', 'e');
    }
}
