using System.Globalization;

namespace LuatHost.Bench.Support;

/// <summary>
/// The scale rows' message body <c>{"d":&lt;device&gt;,"seq":&lt;n&gt;}</c> (the Lua fixture writes the same shape), and
/// its parser; parsed by hand so counting 100,000 messages does not allocate a JSON document each.
/// </summary>
public static class SequencePayload
{
    public static string Format(int device, long seq) =>
        string.Create(CultureInfo.InvariantCulture, $"{{\"d\":{device},\"seq\":{seq}}}");

    public static (int Device, long Seq)? Parse(string text)
    {
        var d = text.IndexOf("\"d\":", StringComparison.Ordinal);
        var s = text.IndexOf(",\"seq\":", StringComparison.Ordinal);
        if (d < 0 || s < d || !text.EndsWith('}'))
        {
            return null;
        }
        return int.TryParse(text.AsSpan(d + 4, s - d - 4), NumberStyles.Integer, CultureInfo.InvariantCulture, out var device)
               && long.TryParse(text.AsSpan(s + 7, text.Length - s - 8), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seq)
            ? (device, seq)
            : null;
    }
}
