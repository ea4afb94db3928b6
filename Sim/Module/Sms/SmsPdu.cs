namespace LuatHost.Sim.Module.Sms;

/// <summary>An SMS-SUBMIT the host gave to <c>AT+CMGS</c>: where it goes and what it carries.</summary>
public sealed record SubmittedSms(string Destination, SmsUserData UserData, int MessageReference)
{
    public string Text => UserData.Text;
}

/// <summary>An SMS-DELIVER as stored on the SIM: who sent it, when, and what it carries.</summary>
public sealed record DeliveredSms(string ServiceCentre, string Originator, DateTimeOffset Timestamp, SmsUserData UserData)
{
    public string Text => UserData.Text;
}

/// <summary>
/// SMS-SUBMIT and SMS-DELIVER PDUs (3GPP TS 23.040 §9.2.2.1–2) as the PDU mode of 3GPP TS 27.005 carries them: the
/// service-centre address first, then the TPDU. Malformed input throws <see cref="FormatException"/>.
/// </summary>
public static class SmsPdu
{
    private const byte MessageTypeMask = 0x03;
    private const byte Deliver = 0x00;
    private const byte Submit = 0x01;
    private const byte UserDataHeaderIndicator = 0x40;
    // TP-MMS set means "no more messages are waiting" (§9.2.3.2).
    private const byte NoMoreMessages = 0x04;

    /// <summary>The TPDU length in octets (what <c>AT+CMGS=&lt;length&gt;</c> and <c>+CMGR: …,&lt;length&gt;</c> count).</summary>
    public static int TpduLength(ReadOnlySpan<byte> pdu) => pdu.Length == 0 ? 0 : pdu.Length - 1 - pdu[0];

    public static (string Destination, SmsUserData UserData) DecodeSubmit(ReadOnlySpan<byte> pdu)
    {
        try
        {
            SmsAddress.DecodeServiceCentre(pdu, out var p);
            var first = pdu[p++];
            if ((first & MessageTypeMask) != Submit)
            {
                throw new FormatException("not an SMS-SUBMIT");
            }
            p++; // TP-MR: the module assigns its own reference.
            var destination = SmsAddress.DecodeParty(pdu, ref p);
            p++; // TP-PID
            var dcs = pdu[p++];
            p += ((first >> 3) & 0x03) switch { 0 => 0, 2 => 1, _ => 7 }; // TP-VP: none, relative, enhanced/absolute
            var userData = ReadUserData(pdu, p, dcs, (first & UserDataHeaderIndicator) != 0);
            return (destination, userData);
        }
        catch (IndexOutOfRangeException)
        {
            throw new FormatException("the PDU ends early");
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException("the PDU ends early");
        }
    }

    public static byte[] EncodeDeliver(DeliveredSms message)
    {
        byte first = (byte)(Deliver | NoMoreMessages | (message.UserData.HasHeader ? UserDataHeaderIndicator : 0));
        return
        [
            .. SmsAddress.EncodeServiceCentre(message.ServiceCentre),
            first,
            .. SmsAddress.EncodeParty(message.Originator),
            0x00, // TP-PID: plain short message
            message.UserData.DataCoding,
            .. Timestamp(message.Timestamp),
            (byte)message.UserData.Length,
            .. message.UserData.Bytes,
        ];
    }

    public static DeliveredSms DecodeDeliver(ReadOnlySpan<byte> pdu)
    {
        try
        {
            var centre = SmsAddress.DecodeServiceCentre(pdu, out var p);
            var first = pdu[p++];
            if ((first & MessageTypeMask) != Deliver)
            {
                throw new FormatException("not an SMS-DELIVER");
            }
            var originator = SmsAddress.DecodeParty(pdu, ref p);
            p++; // TP-PID
            var dcs = pdu[p++];
            var time = ReadTimestamp(pdu.Slice(p, 7));
            p += 7;
            return new DeliveredSms(centre, originator, time, ReadUserData(pdu, p, dcs, (first & UserDataHeaderIndicator) != 0));
        }
        catch (IndexOutOfRangeException)
        {
            throw new FormatException("the PDU ends early");
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new FormatException("the PDU ends early");
        }
    }

    private static SmsUserData ReadUserData(ReadOnlySpan<byte> pdu, int p, byte dcs, bool hasHeader)
    {
        var length = pdu[p++];
        var octets = SmsUserData.AlphabetOf(dcs) == SmsAlphabet.Gsm7 ? (length * 7 + 7) / 8 : length;
        if (p + octets != pdu.Length)
        {
            throw new FormatException($"TP-UDL {length} does not match the {pdu.Length - p} octets after it");
        }
        return new SmsUserData(dcs, hasHeader, length, pdu.Slice(p, octets).ToArray());
    }

    /// <summary>TP-SCTS (§9.2.3.11): year to second and the zone in quarter hours, each as swapped semi-octets.</summary>
    private static byte[] Timestamp(DateTimeOffset time)
    {
        var quarters = (int)Math.Round(time.Offset.TotalMinutes / 15);
        var zone = Swapped(Math.Abs(quarters));
        if (quarters < 0)
        {
            zone |= 0x08;
        }
        return [Swapped(time.Year % 100), Swapped(time.Month), Swapped(time.Day), Swapped(time.Hour), Swapped(time.Minute), Swapped(time.Second), zone];
    }

    private static DateTimeOffset ReadTimestamp(ReadOnlySpan<byte> octets)
    {
        int Value(byte b) => (b & 0x0F) * 10 + (b >> 4);
        var quarters = (octets[6] & 0x07) * 10 + (octets[6] >> 4);
        var offset = TimeSpan.FromMinutes(15 * ((octets[6] & 0x08) != 0 ? -quarters : quarters));
        return new DateTimeOffset(2000 + Value(octets[0]), Value(octets[1]), Value(octets[2]), Value(octets[3]), Value(octets[4]), Value(octets[5]), offset);
    }

    private static byte Swapped(int value) => (byte)((value % 10) << 4 | value / 10);
}
