using System.Text.RegularExpressions;

namespace LuatHost.Luat.Compat;

/// <summary>
/// What each argument of a literal format string needs checked before the native format may take it as Lua 5.1
/// would have: the same reading of the format as host/lua51format.lua's <c>plan</c>, which the site falls back to.
/// </summary>
internal static partial class Lua51FormatConversions
{
    public enum Check
    {
        /// <summary>5.4 formats any value 5.1 accepted the same way (%f, %g, %e, %5.1f…).</summary>
        None,

        /// <summary>An integer conversion (%d %i %o %u %x %X %c): 5.1 truncated a fraction, 5.4 raises.</summary>
        Integer,

        /// <summary>%s: 5.1 wrote a number with "%.14g" and refused anything but strings and numbers.</summary>
        Text,
    }

    /// <summary>
    /// The check for each argument in order, or null when the format must go through the Lua side whole: %q
    /// (5.1's quoting differs), or a conversion the reading cannot make out (format itself reports it there).
    /// </summary>
    public static IReadOnlyList<Check>? Read(string format)
    {
        var checks = new List<Check>();
        var i = 0;
        while (true)
        {
            var percent = format.IndexOf('%', i);
            if (percent < 0) return checks;
            if (percent + 1 < format.Length && format[percent + 1] == '%')
            {
                i = percent + 2;
                continue;
            }
            // As plan's Lua pattern "^[-+ #0]*%d*%.?%d*(%a)".
            var conversion = ConversionSpec().Match(format, percent + 1);
            if (!conversion.Success) return null;
            switch (conversion.Groups[1].Value[0])
            {
                case 'q':
                    return null;
                case 's':
                    checks.Add(Check.Text);
                    break;
                case 'd' or 'i' or 'o' or 'u' or 'x' or 'X' or 'c':
                    checks.Add(Check.Integer);
                    break;
                default:
                    checks.Add(Check.None);
                    break;
            }
            i = conversion.Index + conversion.Length;
        }
    }

    [GeneratedRegex(@"\G[-+ #0]*[0-9]*\.?[0-9]*([A-Za-z])", RegexOptions.CultureInvariant)]
    private static partial Regex ConversionSpec();
}
