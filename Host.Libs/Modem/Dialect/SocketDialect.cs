using System.Globalization;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>
/// The multi-link TCP/UDP commands (<c>AT+CIPMUX=1</c>), in the SIMCom shape the openLuat AT manual's TCPIP chapter and
/// its multi-link walk-through show: <c>&lt;n&gt;, CONNECT OK</c> / <c>CONNECT FAIL</c> / <c>ALREADY CONNECT</c> after
/// <c>AT+CIPSTART=n,…</c>; <c>AT+CIPSEND=n,len</c> → <c>&gt;</c> prompt → raw bytes → <c>&lt;n&gt;, SEND OK</c> (or
/// <c>SEND FAIL</c>); <c>AT+CIPCLOSE=n</c> → <c>&lt;n&gt;, CLOSE OK</c>; data as <c>+RECEIVE,&lt;n&gt;,&lt;len&gt;:</c>
/// then, after the line end, exactly len raw bytes; <c>&lt;n&gt;, CLOSED</c> when the peer closes.
/// VERIFY on a real Air724: whether the receive header ends with ':' then CR LF (SIMCom SIM800 multi-IP) — the parser
/// takes the length between the second ',' and ':' either way.
/// </summary>
internal static class SocketDialect
{
    private static readonly string[] LinkEvents = ["CONNECT OK", "CONNECT FAIL", "ALREADY CONNECT", "CLOSED"];

    public static void AddTo(AtDialectBuilder table)
    {
        table.Urc("<n>, CONNECT OK | CONNECT FAIL | ALREADY CONNECT | CLOSED", IsLinkEvent);
        table.Urc("+RECEIVE,");
        table.PayloadOnNextLine("+RECEIVE,", ReceiveLength);

        table.Command(new AtCommandRule("AT+CIPSEND")
        {
            Forms = AtCommandForm.Set,
            Completion = AtCompletion.Matching(line => IsLinkResult(line, "SEND OK"), line => IsLinkResult(line, "SEND FAIL")),
            Timeout = TimeSpan.FromSeconds(60),
            TimeoutHint = "the module did not confirm the send (is the link still open?)",
        });
        table.Command(new AtCommandRule("AT+CIPCLOSE")
        {
            Forms = AtCommandForm.Set,
            Completion = AtCompletion.Matching(line => IsLinkResult(line, "CLOSE OK")),
        });
        table.Command(new AtCommandRule("AT+CIPSTART") { Forms = AtCommandForm.Set, Timeout = TimeSpan.FromSeconds(75) });
    }

    /// <summary><c>3, CLOSED</c> → (3, "CLOSED"); false for anything else.</summary>
    public static bool TryParseLinkLine(string line, out int id, out string what)
    {
        id = -1;
        what = "";
        var comma = line.IndexOf(',');
        if (comma is < 1 or > 2 || !int.TryParse(line.AsSpan(0, comma), NumberStyles.None, CultureInfo.InvariantCulture, out id))
        {
            return false;
        }
        what = line[(comma + 1)..].Trim();
        return true;
    }

    /// <summary><c>+RECEIVE,0,5:</c> → (0, 5).</summary>
    public static bool TryParseReceiveHeader(string header, out int id, out int length)
    {
        id = length = -1;
        var parts = header["+RECEIVE,".Length..].TrimEnd(':', ' ').Split(',');
        return parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && int.TryParse(parts[1].TrimEnd(':'), NumberStyles.None, CultureInfo.InvariantCulture, out length);
    }

    private static bool IsLinkEvent(string line) => TryParseLinkLine(line, out _, out var what) && LinkEvents.Contains(what);

    private static bool IsLinkResult(string line, string result) => TryParseLinkLine(line, out _, out var what) && what == result;

    private static int? ReceiveLength(string header) => TryParseReceiveHeader(header, out _, out var length) ? length : null;
}
