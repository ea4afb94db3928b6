using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using LuatHost.At;

namespace LuatHost.Cli.AtTerminal;

/// <summary>
/// Commands typed in the terminal that make the module ask for data: AT+HTTPDATA=n,ms (DOWNLOAD) and
/// AT+MPUBEX=topic,qos,retain,n ('&gt;'). The terminal reads the data line first and sends it when the prompt comes.
/// </summary>
internal static partial class PromptData
{
    /// <summary>How many bytes the command announces and which prompt it gets, or null for ordinary commands.</summary>
    public static (int Length, AtPromptKind Kind, TimeSpan InputWindow)? Announced(string commandText)
    {
        var httpData = HttpDataCommand().Match(commandText);
        if (httpData.Success)
        {
            return (int.Parse(httpData.Groups[1].ValueSpan, CultureInfo.InvariantCulture), AtPromptKind.DownloadLine,
                TimeSpan.FromMilliseconds(int.Parse(httpData.Groups[2].ValueSpan, CultureInfo.InvariantCulture)));
        }
        var mpubex = MpubexCommand().Match(commandText);
        return mpubex.Success
            ? (int.Parse(mpubex.Groups[1].ValueSpan, CultureInfo.InvariantCulture), AtPromptKind.GreaterThan, TimeSpan.Zero)
            : null;
    }

    /// <summary>Turns a typed data line into bytes: UTF-8, with \r \n \t \\ and \xHH escapes.</summary>
    public static byte[] Unescape(string typed)
    {
        var bytes = new List<byte>(typed.Length);
        for (var i = 0; i < typed.Length; i++)
        {
            if (typed[i] == '\\' && i + 1 < typed.Length)
            {
                var next = typed[i + 1];
                if (next is 'r' or 'n' or 't' or '\\')
                {
                    bytes.Add(next switch { 'r' => (byte)'\r', 'n' => (byte)'\n', 't' => (byte)'\t', _ => (byte)'\\' });
                    i++;
                    continue;
                }
                if (next == 'x' && i + 3 < typed.Length
                    && byte.TryParse(typed.AsSpan(i + 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
                {
                    bytes.Add(b);
                    i += 3;
                    continue;
                }
            }
            bytes.AddRange(Encoding.UTF8.GetBytes(typed[i].ToString()));
        }
        return [.. bytes];
    }

    [GeneratedRegex(@"^AT\+HTTPDATA=(\d+),(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex HttpDataCommand();

    [GeneratedRegex(@"^AT\+MPUBEX=.+,[0-2],[01],(\d+)$", RegexOptions.IgnoreCase)]
    private static partial Regex MpubexCommand();
}
