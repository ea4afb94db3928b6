using System.Text;

namespace LuatHost.Sim.Module.Sms;

/// <summary>
/// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), and the septet packing of
/// TS 23.040 §9.2.3.16. .NET has no code page for it, so the 128 + 10 characters are listed here once.
/// </summary>
internal static class GsmAlphabet
{
    private const char Escape = '\u001B';

    // Index = septet value. 0x1B is the escape to the extension table.
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    private static readonly Dictionary<byte, char> ExtensionToChar = new()
    {
        [0x0A] = '\f', [0x14] = '^', [0x28] = '{', [0x29] = '}', [0x2F] = '\\',
        [0x3C] = '[', [0x3D] = '~', [0x3E] = ']', [0x40] = '|', [0x65] = '€',
    };

    private static readonly Dictionary<char, byte> CharToBasic = Basic.Select((c, i) => (c, (byte)i))
        .Where(p => p.c != Escape).ToDictionary(p => p.c, p => p.Item2);

    private static readonly Dictionary<char, byte> CharToExtension = ExtensionToChar.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>The text as septets (extension characters take two), or false if a character is not in the alphabet.</summary>
    public static bool TryEncode(string text, out byte[] septets)
    {
        var result = new List<byte>(text.Length);
        foreach (var c in text)
        {
            if (CharToBasic.TryGetValue(c, out var basic))
            {
                result.Add(basic);
            }
            else if (CharToExtension.TryGetValue(c, out var extended))
            {
                result.Add(0x1B);
                result.Add(extended);
            }
            else
            {
                septets = [];
                return false;
            }
        }
        septets = [.. result];
        return true;
    }

    public static string Decode(ReadOnlySpan<byte> septets)
    {
        var text = new StringBuilder(septets.Length);
        for (var i = 0; i < septets.Length; i++)
        {
            var s = septets[i] & 0x7F;
            if (s == 0x1B && i + 1 < septets.Length)
            {
                var next = (byte)(septets[++i] & 0x7F);
                // An unknown extension code shows the basic character (TS 23.038 note on the escape).
                text.Append(ExtensionToChar.TryGetValue(next, out var c) ? c : Basic[next]);
            }
            else
            {
                text.Append(Basic[s]);
            }
        }
        return text.ToString();
    }

    /// <summary>Packs septets least significant bit first, after <paramref name="fillBits"/> zero bits (a header before them).</summary>
    public static byte[] Pack(ReadOnlySpan<byte> septets, int fillBits = 0)
    {
        var totalBits = fillBits + septets.Length * 7;
        var packed = new byte[(totalBits + 7) / 8];
        for (var i = 0; i < septets.Length; i++)
        {
            var bit = fillBits + i * 7;
            var value = (septets[i] & 0x7F) << (bit % 8);
            packed[bit / 8] |= (byte)value;
            if (bit / 8 + 1 < packed.Length)
            {
                packed[bit / 8 + 1] |= (byte)(value >> 8);
            }
        }
        return packed;
    }

    /// <summary><paramref name="count"/> septets from packed octets, skipping <paramref name="fillBits"/> first.</summary>
    public static byte[] Unpack(ReadOnlySpan<byte> packed, int count, int fillBits = 0)
    {
        var septets = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var bit = fillBits + i * 7;
            var value = bit / 8 < packed.Length ? packed[bit / 8] >> (bit % 8) : 0;
            if (bit % 8 > 1 && bit / 8 + 1 < packed.Length)
            {
                value |= packed[bit / 8 + 1] << (8 - bit % 8);
            }
            septets[i] = (byte)(value & 0x7F);
        }
        return septets;
    }
}
