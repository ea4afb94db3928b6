using System.Text;

namespace LuatHost.Sim.Module.Sms;

/// <summary>The character set a data coding scheme names (3GPP TS 23.038 §4).</summary>
public enum SmsAlphabet
{
    Gsm7,
    EightBit,
    Ucs2,
}

/// <summary>One part of a concatenated message (TS 23.040 §9.2.3.24.1 and .8): reference, part count, this part's number.</summary>
public readonly record struct SmsConcatenation(int Reference, int Total, int Sequence);

/// <summary>
/// TP-DCS, TP-UDL and TP-UD of one message as they travel (header included), so a message the module sends to itself
/// comes back exactly as it went out; and the text they carry.
/// </summary>
public sealed record SmsUserData(byte DataCoding, bool HasHeader, int Length, byte[] Bytes)
{
    private const int SinglePartSeptets = 160;
    private const int SinglePartUcs2Chars = 70;
    // A 6-octet concatenation header (UDHL, IEI 0, length 3, reference, total, sequence) leaves 153 septets or 134 octets.
    private const int ConcatenatedPartSeptets = 153;
    private const int ConcatenatedPartUcs2Chars = 67;

    public SmsAlphabet Alphabet => AlphabetOf(DataCoding);

    public static SmsAlphabet AlphabetOf(byte dcs) => dcs switch
    {
        // General data coding (00xx xxxx) and "message marked for deletion" (01xx xxxx): bits 3..2.
        _ when (dcs & 0x80) == 0 => ((dcs >> 2) & 0x03) switch { 1 => SmsAlphabet.EightBit, 2 => SmsAlphabet.Ucs2, _ => SmsAlphabet.Gsm7 },
        // Message waiting, store, UCS2 (1110 xxxx).
        _ when (dcs & 0xF0) == 0xE0 => SmsAlphabet.Ucs2,
        // Data coding / message class (1111 xxxx): bit 2 chooses 8-bit.
        _ when (dcs & 0xF0) == 0xF0 => (dcs & 0x04) != 0 ? SmsAlphabet.EightBit : SmsAlphabet.Gsm7,
        _ => SmsAlphabet.Gsm7,
    };

    /// <summary>The concatenation element of the header, if there is one (8- or 16-bit reference).</summary>
    public SmsConcatenation? Concatenation
    {
        get
        {
            if (!HasHeader || Bytes.Length == 0)
            {
                return null;
            }
            var headerLength = Bytes[0];
            for (var i = 1; i + 1 < 1 + headerLength && i + 1 < Bytes.Length;)
            {
                var id = Bytes[i];
                var length = Bytes[i + 1];
                var body = i + 2;
                if (id == 0x00 && length == 3 && body + 3 <= Bytes.Length)
                {
                    return new SmsConcatenation(Bytes[body], Bytes[body + 1], Bytes[body + 2]);
                }
                if (id == 0x08 && length == 4 && body + 4 <= Bytes.Length)
                {
                    return new SmsConcatenation(Bytes[body] << 8 | Bytes[body + 1], Bytes[body + 2], Bytes[body + 3]);
                }
                i = body + length;
            }
            return null;
        }
    }

    /// <summary>The text, without the header.</summary>
    public string Text
    {
        get
        {
            var headerOctets = HasHeader && Bytes.Length > 0 ? Bytes[0] + 1 : 0;
            headerOctets = Math.Min(headerOctets, Bytes.Length);
            var body = Bytes.AsSpan(headerOctets);
            switch (Alphabet)
            {
                case SmsAlphabet.Gsm7:
                {
                    // The text starts on a septet boundary after the header (fill bits, TS 23.040 §9.2.3.24).
                    var headerSeptets = (headerOctets * 8 + 6) / 7;
                    var fill = headerSeptets * 7 - headerOctets * 8;
                    var count = Math.Max(0, Math.Min(Length - headerSeptets, (body.Length * 8 - fill) / 7));
                    return GsmAlphabet.Decode(GsmAlphabet.Unpack(body, count, fill));
                }
                case SmsAlphabet.Ucs2:
                    return Encoding.BigEndianUnicode.GetString(body[..(body.Length & ~1)]);
                default:
                    return Encoding.Latin1.GetString(body);
            }
        }
    }

    /// <summary>
    /// The parts a phone would send <paramref name="text"/> in: GSM 7-bit when every character is in the default
    /// alphabet (up to 160 septets in one message), UCS2 otherwise (70 characters); longer texts in concatenated parts
    /// of 153 septets / 67 characters with reference <paramref name="reference"/>.
    /// </summary>
    public static IReadOnlyList<SmsUserData> ForText(string text, byte reference)
    {
        if (GsmAlphabet.TryEncode(text, out var septets))
        {
            if (septets.Length <= SinglePartSeptets)
            {
                return [new SmsUserData(0x00, false, septets.Length, GsmAlphabet.Pack(septets))];
            }
            var chunks = Chunk(septets.Length, ConcatenatedPartSeptets, i => i > 0 && septets[i - 1] == 0x1B);
            return chunks.Select((c, n) =>
            {
                var header = Header(reference, chunks.Count, n + 1);
                var packed = GsmAlphabet.Pack(septets.AsSpan(c.Start, c.Length), fillBits: 1);
                return new SmsUserData(0x00, true, 7 + c.Length, [.. header, .. packed]);
            }).ToArray();
        }
        if (text.Length <= SinglePartUcs2Chars)
        {
            var bytes = Encoding.BigEndianUnicode.GetBytes(text);
            return [new SmsUserData(0x08, false, bytes.Length, bytes)];
        }
        var parts = Chunk(text.Length, ConcatenatedPartUcs2Chars, i => char.IsLowSurrogate(text[i]));
        return parts.Select((c, n) =>
        {
            var bytes = Encoding.BigEndianUnicode.GetBytes(text.Substring(c.Start, c.Length));
            var header = Header(reference, parts.Count, n + 1);
            return new SmsUserData(0x08, true, header.Length + bytes.Length, [.. header, .. bytes]);
        }).ToArray();
    }

    private static byte[] Header(byte reference, int total, int sequence) =>
        [0x05, 0x00, 0x03, reference, (byte)total, (byte)sequence];

    /// <summary>Cuts [0, length) into runs of at most <paramref name="size"/>, never starting a run where <paramref name="inside"/> says a character pair would split.</summary>
    private static List<(int Start, int Length)> Chunk(int length, int size, Func<int, bool> inside)
    {
        var runs = new List<(int, int)>();
        for (var start = 0; start < length;)
        {
            var end = Math.Min(length, start + size);
            if (end < length && inside(end))
            {
                end--;
            }
            runs.Add((start, end - start));
            start = end;
        }
        return runs;
    }
}
