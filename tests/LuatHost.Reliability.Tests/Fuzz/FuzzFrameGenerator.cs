using System.Globalization;
using System.Text;

namespace LuatHost.Reliability.Tests.Fuzz;

/// <summary>What one generated frame is, for the statistics printed after a run.</summary>
public enum FuzzFrameKind
{
    RandomBytes,
    InfoLine,
    Urc,
    RebootUrc,
    FinalCode,
    CountedPayload,
    TruncatedPayload,
    OverlongPayload,
    OutOfRangeLength,
    StrayPrompt,
    PartialLine,
    BareLineEnds,
}

/// <summary>
/// Generates what a confused, noisy or half-broken module might put on the wire, one frame at a time: random bytes,
/// valid info lines, URCs (including the reboot ones), stray final codes, counted payloads (<c>+MSUB</c> inline and
/// <c>+HTTPREAD</c> next-line) that are exact, truncated, over-long or out of range, stray prompts and partial lines.
/// <para>It keeps an upper bound of the payload bytes the engine's framer may still be waiting for
/// (<see cref="OwedPayloadBytes"/>): a round pays that much filler before its closing line, so a truncated payload
/// cannot swallow the answer that ends the round (which would only turn into a timeout, slowly).</para>
/// </summary>
public sealed class FuzzFrameGenerator(Random random)
{
    private static readonly string[] InfoLines =
    [
        "+CSQ: 29,0", "+CGATT: 1", "+CEREG: 0,1", "STATE: IP INITIAL", "STATE: CONNECT OK", "100.86.47.178",
        "866714043075174", "AirM2M_Air724UG_V409_LTE_AT", "+MQTTSTATU :1", "+SAPBR: 1,1,\"10.0.0.2\"", "+CPIN: READY",
        "+CME ERROR 3", "OKAY", "ERR", "SHUT OK", "> not a prompt", "+HTTPREAD:", "+HTTPREAD: x", "+MSUB: \"t\",x byte,",
        "\"quoted\",,,", "AT+CSQ", "ATE0", "+HTTPHEAD: -1",
    ];

    private static readonly string[] Urcs =
    [
        "CLOSED", "+CGEV: NW PDN DEACT 1", "+CGEV: ME PDN ACT 1", "+PDP DEACT", "+SAPBR 1: DEACT", "CONNECT OK",
        "ALREADY CONNECT", "CONNECT FAIL", "CONNACK OK", "SUBACK", "UNSUBACK", "PUBACK", "PUBREC", "PUBCOMP",
        "+HTTPACTION: 0,200,12", "+HTTPACTION: 1,601,0", "+CDNSGIP: 1,\"a.b\",\"1.2.3.4\"", "+E_UTRAN Service",
        "+NITZ: 26/11/26,06:00:00+32,0", "+CREG: 1", "+CPIN: NOT READY", "+MSUB: 2", "SMS Ready", "Call Ready",
    ];

    private static readonly string[] FinalCodes = ["OK", "ERROR", "+CME ERROR: 767", "+CME ERROR: 4", "+CMS ERROR: 500"];

    private static readonly byte[] PayloadAlphabet = "abcXYZ019 \"\\\r\n,>{}:+\u001a"u8.ToArray();

    /// <summary>Upper bound of payload bytes the framer may still expect.</summary>
    public int OwedPayloadBytes { get; private set; }

    /// <summary>Appends one frame to <paramref name="wire"/> and says what it was.</summary>
    public FuzzFrameKind Next(List<byte> wire)
    {
        var start = wire.Count;
        var roll = random.Next(1000);
        var kind = roll switch
        {
            < 180 => FuzzFrameKind.RandomBytes,
            < 360 => FuzzFrameKind.InfoLine,
            < 560 => FuzzFrameKind.Urc,
            < 563 => FuzzFrameKind.RebootUrc,
            < 590 => FuzzFrameKind.FinalCode,
            < 700 => FuzzFrameKind.CountedPayload,
            < 750 => FuzzFrameKind.TruncatedPayload,
            < 800 => FuzzFrameKind.OverlongPayload,
            < 820 => FuzzFrameKind.OutOfRangeLength,
            < 880 => FuzzFrameKind.StrayPrompt,
            < 940 => FuzzFrameKind.PartialLine,
            _ => FuzzFrameKind.BareLineEnds,
        };
        var owedBefore = OwedPayloadBytes;
        var newlyOwed = 0;
        switch (kind)
        {
            case FuzzFrameKind.RandomBytes:
                for (var i = random.Next(1, 25); i > 0; i--)
                {
                    wire.Add((byte)random.Next(256));
                }
                break;
            case FuzzFrameKind.InfoLine:
                Line(wire, InfoLines[random.Next(InfoLines.Length)]);
                break;
            case FuzzFrameKind.Urc:
                Line(wire, Urcs[random.Next(Urcs.Length)]);
                break;
            case FuzzFrameKind.RebootUrc:
                // RDY is the boot marker (a repeat before a success is the same boot); ^MODE: is a service change, never a reboot.
                Line(wire, random.Next(3) == 0 ? "RDY" : "^MODE: 17,17");
                break;
            case FuzzFrameKind.FinalCode:
                Line(wire, FinalCodes[random.Next(FinalCodes.Length)]);
                break;
            case FuzzFrameKind.CountedPayload:
                Counted(wire, declared: random.Next(0, 48), delta: 0);
                break;
            case FuzzFrameKind.TruncatedPayload:
                var declared = random.Next(1, 64);
                newlyOwed = random.Next(1, declared + 1);
                Counted(wire, declared, delta: -newlyOwed);
                break;
            case FuzzFrameKind.OverlongPayload:
                Counted(wire, declared: random.Next(0, 32), delta: random.Next(1, 40));
                break;
            case FuzzFrameKind.OutOfRangeLength:
                // Lengths the framer must refuse to wait for (beyond its limits, negative, not a number).
                var length = random.Next(3) switch { 0 => "99999999", 1 => "-5", _ => "2147483648" };
                Line(wire, random.Next(2) == 0 ? $"+HTTPREAD: {length}" : $"+MSUB: \"/t\",{length} byte,xyz");
                break;
            case FuzzFrameKind.StrayPrompt:
                Append(wire, random.Next(3) switch { 0 => ">", 1 => "> ", _ => "\r\n> " });
                break;
            case FuzzFrameKind.PartialLine:
                Append(wire, Urcs[random.Next(Urcs.Length)][..random.Next(1, 4)]);
                break;
            case FuzzFrameKind.BareLineEnds:
                Append(wire, random.Next(4) switch { 0 => "\r", 1 => "\n", 2 => "\r\n\r\n", _ => "\n\r" });
                break;
        }
        var written = wire.Count - start;
        // Bytes written while a payload was owed went into it; a new truncated payload adds its own debt.
        OwedPayloadBytes = Math.Max(Math.Max(0, owedBefore - written), newlyOwed);
        return kind;
    }

    /// <summary>Pays the owed payload bytes with filler that holds no line end, so the next line starts clean.</summary>
    public void PayDebt(List<byte> wire)
    {
        for (var i = 0; i < OwedPayloadBytes; i++)
        {
            wire.Add((byte)'~');
        }
        OwedPayloadBytes = 0;
    }

    private void Counted(List<byte> wire, int declared, int delta)
    {
        var actual = Math.Max(0, declared + delta);
        var n = declared.ToString(CultureInfo.InvariantCulture);
        if (random.Next(2) == 0)
        {
            // +MSUB: "<topic>",<n> byte,<n raw bytes> on one line (at-commands.md §5.2).
            Append(wire, $"\r\n+MSUB: \"/pk/dn/user/get\",{n} byte,");
            Payload(wire, actual);
            Append(wire, "\r\n");
        }
        else
        {
            // +HTTPREAD: <n> CRLF <n raw bytes> CRLF OK (at-commands.md §4).
            Append(wire, $"\r\n+HTTPREAD: {n}\r\n");
            Payload(wire, actual);
            Append(wire, "\r\n");
        }
    }

    private void Payload(List<byte> wire, int count)
    {
        for (var i = 0; i < count; i++)
        {
            wire.Add(PayloadAlphabet[random.Next(PayloadAlphabet.Length)]);
        }
    }

    private static void Line(List<byte> wire, string text) => Append(wire, "\r\n" + text + "\r\n");

    private static void Append(List<byte> wire, string text) => wire.AddRange(Encoding.UTF8.GetBytes(text));
}
