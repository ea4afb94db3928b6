using System.Globalization;
using System.Text;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// Builds and checks command arguments before anything is sent. This firmware has no escape for '"' inside a quoted
/// argument (MPUB payloads excepted, see <see cref="MqttPayloadEscaping"/>), so a quote or line break in a value would
/// end the argument early; such values are refused with a message naming the argument.
/// </summary>
internal static class AtArguments
{
    public static string Quote(string value, string what, int maxBytes)
    {
        CheckText(value, what, maxBytes);
        return "\"" + value + "\"";
    }

    public static void CheckText(string value, string what, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(value, what);
        if (value.AsSpan().IndexOfAny('"', '\r', '\n') >= 0)
        {
            throw new AtArgumentException($"The {what} contains a double quote or a line break, which the AT firmware cannot carry in a quoted argument; remove it.");
        }
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > maxBytes)
        {
            throw new AtArgumentException($"The {what} is {bytes} bytes; the module accepts at most {maxBytes} bytes.");
        }
    }

    public static void CheckRange(int value, int min, int max, string what)
    {
        if (value < min || value > max)
        {
            throw new AtArgumentException($"The {what} is {value}; it must be {min}..{max}.");
        }
    }

    /// <summary>The text after <paramref name="prefix"/> (and optional spaces) of the first line that has it, else null.</summary>
    public static string? ValueAfter(AtResponse response, string prefix)
    {
        var line = response.FindLine(prefix);
        return line is null ? null : line.Value.Text[prefix.Length..].Trim();
    }

    /// <summary>The value after <paramref name="prefix"/>, or the first data line bare (some answers have no prefix).</summary>
    public static string ValueOrBareLine(AtResponse response, string prefix, string what)
    {
        var value = ValueAfter(response, prefix) ?? (response.Lines.Count > 0 ? response.Lines[0].Text.Trim() : null);
        return value is null
            ? throw new AtException($"{response.CommandName} answered OK without the {what}; the firmware may not support it.")
            : value.Trim('"');
    }

    public static int[] ParseIntegers(string csv, AtResponse response, int expected)
    {
        var parts = csv.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < expected)
        {
            throw Malformed(response, csv);
        }
        var numbers = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i].Trim('"'), NumberStyles.Integer, CultureInfo.InvariantCulture, out numbers[i]) && i < expected)
            {
                throw Malformed(response, csv);
            }
        }
        return numbers;
    }

    public static AtException Malformed(AtResponse response, string text) =>
        new($"{response.CommandName} answered '{text}', which this host cannot parse; report the firmware version (AT+CGMR).");
}
