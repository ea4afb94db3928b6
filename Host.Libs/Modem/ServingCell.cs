namespace LuatHost.Modem;

/// <summary>
/// The cell the module is registered on, as <c>+CEREG: 2,&lt;stat&gt;,"&lt;tac&gt;","&lt;ci&gt;",&lt;act&gt;</c> gives it
/// (3GPP TS 27.007 §10.1.22): the tracking area code and the cell id, both hexadecimal text.
/// </summary>
public sealed record ServingCell(string TrackingArea, string CellId)
{
    public long TrackingAreaNumber => Convert.ToInt64(TrackingArea, 16);

    public long CellIdNumber => Convert.ToInt64(CellId, 16);

    /// <summary>The location fields of a <c>+CEREG:</c> answer in mode 2, or null when it has none (not registered).</summary>
    public static ServingCell? FromCeregAnswer(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length < 4 || parts[0] != "2")
        {
            return null;
        }
        var tac = parts[2].Trim('"');
        var ci = parts[3].Trim('"');
        return IsHex(tac) && IsHex(ci) && tac.Length <= 8 && ci.Length <= 15 ? new ServingCell(tac, ci) : null;
    }

    private static bool IsHex(string text) => text.Length > 0 && text.All(char.IsAsciiHexDigit);
}
