using System.Globalization;

namespace LuatHost.Sim.Cloud.Ota;

/// <summary>
/// One range of an HTTP <c>Range: bytes=…</c> header (RFC 9110 §14.1.2): <c>a-</c>, <c>a-b</c> or the suffix <c>-n</c>.
/// Several ranges are not served (OSS answers a multi-range request with the whole object; so does this).
/// </summary>
public readonly record struct ByteRange(long Start, long End)
{
    public long Length => End - Start + 1;

    /// <summary>Null when there is no usable single range (then the whole file is served with 200).</summary>
    public static ByteRange? Parse(string? header, long size, out bool unsatisfiable)
    {
        unsatisfiable = false;
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var spec = header[6..].Trim();
        if (spec.Contains(',', StringComparison.Ordinal))
        {
            return null;
        }
        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return null;
        }
        var first = spec[..dash].Trim();
        var last = spec[(dash + 1)..].Trim();
        if (first.Length == 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var suffix) || suffix == 0)
            {
                unsatisfiable = suffix == 0 && last.Length > 0;
                return null;
            }
            return new ByteRange(Math.Max(0, size - suffix), size - 1);
        }
        if (!long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }
        var end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return null;
            }
            end = Math.Min(end, size - 1);
        }
        if (start >= size)
        {
            unsatisfiable = true;
            return null;
        }
        return new ByteRange(start, end);
    }
}
