using System.Text;

namespace LuatHost.Sim.Module.Sms;

/// <summary>
/// Phone numbers in PDUs (3GPP TS 23.040 §9.1.2.5): a type octet (0x91 international with "+", 0x81 otherwise) and
/// the digits as swapped semi-octets, 'F' filling an odd count. An originator may also be alphanumeric (type 0xD0):
/// GSM 7-bit text, its length counted in semi-octets.
/// </summary>
internal static class SmsAddress
{
    private const byte International = 0x91;
    private const byte Unknown = 0x81;

    /// <summary>An originator/destination address: digit count, type, semi-octets.</summary>
    public static byte[] EncodeParty(string number)
    {
        var (type, digits) = Split(number);
        return [(byte)digits.Length, type, .. SemiOctets(digits)];
    }

    /// <summary>A service-centre address: octet count (type included), type, semi-octets; empty = one 0 octet.</summary>
    public static byte[] EncodeServiceCentre(string number)
    {
        if (number.Length == 0)
        {
            return [0];
        }
        var (type, digits) = Split(number);
        var octets = SemiOctets(digits);
        return [(byte)(octets.Length + 1), type, .. octets];
    }

    /// <summary>Reads an originator/destination address at <paramref name="position"/> and moves past it.</summary>
    public static string DecodeParty(ReadOnlySpan<byte> pdu, ref int position)
    {
        var length = pdu[position];
        var type = pdu[position + 1];
        var octets = (length + 1) / 2;
        var value = pdu.Slice(position + 2, octets);
        position += 2 + octets;
        if ((type & 0x70) == 0x50)
        {
            // Alphanumeric: `length` semi-octets of packed GSM 7-bit characters.
            return GsmAlphabet.Decode(GsmAlphabet.Unpack(value, length * 4 / 7));
        }
        var digits = Digits(value, length);
        return (type & 0x70) == 0x10 ? "+" + digits : digits;
    }

    /// <summary>Reads the service-centre address at the start of a PDU; position ends after it.</summary>
    public static string DecodeServiceCentre(ReadOnlySpan<byte> pdu, out int position)
    {
        var length = pdu[0];
        position = 1 + length;
        if (length == 0)
        {
            return "";
        }
        var type = pdu[1];
        var digits = Digits(pdu.Slice(2, length - 1), (length - 1) * 2);
        return (type & 0x70) == 0x10 ? "+" + digits : digits;
    }

    private static (byte Type, string Digits) Split(string number)
    {
        var international = number.StartsWith('+');
        var digits = international ? number[1..] : number;
        if (digits.Length == 0 || digits.Length > 20 || !digits.All(c => char.IsAsciiDigit(c) || c is '*' or '#'))
        {
            throw new FormatException($"'{number}' is not a phone number");
        }
        return (international ? International : Unknown, digits);
    }

    private static byte[] SemiOctets(string digits)
    {
        var octets = new byte[(digits.Length + 1) / 2];
        for (var i = 0; i < digits.Length; i++)
        {
            var nibble = Nibble(digits[i]);
            octets[i / 2] |= (byte)(i % 2 == 0 ? nibble : nibble << 4);
        }
        if (digits.Length % 2 == 1)
        {
            octets[^1] |= 0xF0;
        }
        return octets;
    }

    private static string Digits(ReadOnlySpan<byte> octets, int count)
    {
        var text = new StringBuilder(count);
        for (var i = 0; i < count; i++)
        {
            var nibble = i % 2 == 0 ? octets[i / 2] & 0x0F : octets[i / 2] >> 4;
            if (nibble == 0x0F)
            {
                break;
            }
            text.Append(nibble switch { 0x0A => '*', 0x0B => '#', _ => (char)('0' + nibble) });
        }
        return text.ToString();
    }

    private static int Nibble(char c) => c switch { '*' => 0x0A, '#' => 0x0B, _ => c - '0' };
}
