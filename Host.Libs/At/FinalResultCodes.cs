using System.Globalization;

namespace LuatHost.At;

/// <summary>
/// The final result codes: <c>OK</c>, <c>ERROR</c>, <c>+CME ERROR: n</c>, <c>+CMS ERROR: n</c> (3GPP 27.007), and
/// <c>ERROR: n</c>, which openLuat's AT manual (ERROR.md) documents as the end of a failed HTTP command and which no
/// dialect uses for anything but an error, so it ends every command here.
/// </summary>
public static class FinalResultCodes
{
    public const string Ok = "OK";
    public const string Error = "ERROR";
    public const string CmeErrorPrefix = "+CME ERROR:";
    public const string CmsErrorPrefix = "+CMS ERROR:";
    public const string NumberedErrorPrefix = "ERROR:";

    public static bool IsOk(string line) => line == Ok;

    public static bool IsError(string line) =>
        line == Error
        || line.StartsWith(NumberedErrorPrefix, StringComparison.Ordinal)
        || line.StartsWith(CmeErrorPrefix, StringComparison.Ordinal)
        || line.StartsWith(CmsErrorPrefix, StringComparison.Ordinal);

    public static bool IsFinal(string line) => IsOk(line) || IsError(line);

    /// <summary>Classifies an error line; the code is null for plain ERROR or verbose (CMEE=2) text, n for <c>ERROR: n</c>.</summary>
    public static (AtStatus Status, int? Code) ClassifyError(string line)
    {
        if (line.StartsWith(CmeErrorPrefix, StringComparison.Ordinal))
        {
            return (AtStatus.CmeError, ParseCode(line.AsSpan(CmeErrorPrefix.Length)));
        }
        if (line.StartsWith(CmsErrorPrefix, StringComparison.Ordinal))
        {
            return (AtStatus.CmsError, ParseCode(line.AsSpan(CmsErrorPrefix.Length)));
        }
        if (line.StartsWith(NumberedErrorPrefix, StringComparison.Ordinal))
        {
            return (AtStatus.Error, ParseCode(line.AsSpan(NumberedErrorPrefix.Length)));
        }
        return (AtStatus.Error, null);
    }

    private static int? ParseCode(ReadOnlySpan<char> rest) =>
        int.TryParse(rest.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : null;
}

/// <summary>How a command ended.</summary>
public enum AtStatus
{
    /// <summary><c>OK</c>, or the command's own success terminator (bare IP, <c>STATE:</c>, <c>SHUT OK</c>).</summary>
    Ok,
    Error,
    CmeError,
    CmsError,
}
