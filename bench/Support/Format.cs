using System.Globalization;

namespace LuatHost.Bench.Support;

/// <summary>Number formatting for the table (invariant culture, so the table reads the same on every machine).</summary>
public static class Format
{
    public static string Rate(double perSecond, string unit) => $"{perSecond.ToString(perSecond >= 100 ? "N0" : "N1", CultureInfo.InvariantCulture)} {unit}";

    public static string Ratio(double ratio) => "×" + ratio.ToString(ratio >= 10 ? "N1" : "N2", CultureInfo.InvariantCulture);

    public static string Ms(double milliseconds) =>
        milliseconds.ToString(milliseconds >= 100 ? "N0" : milliseconds >= 10 ? "N1" : milliseconds >= 1 ? "N2" : "N3", CultureInfo.InvariantCulture) + " ms";

    public static string Percent(double fraction) => (fraction * 100).ToString("N0", CultureInfo.InvariantCulture) + " %";

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
