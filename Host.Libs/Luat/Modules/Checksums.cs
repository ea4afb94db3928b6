namespace LuatHost.Luat.Modules;

/// <summary>CRC parameters for crypto.crc16's named methods (the usual catalogue definitions).</summary>
public sealed record Crc16Parameters(ushort Polynomial, ushort Initial, ushort FinalXor, bool ReflectIn, bool ReflectOut)
{
    public static Crc16Parameters? Named(string method) => method.ToUpperInvariant() switch
    {
        "IBM" => new(0x8005, 0x0000, 0x0000, true, true),
        "MAXIM" => new(0x8005, 0x0000, 0xFFFF, true, true),
        "USB" => new(0x8005, 0xFFFF, 0xFFFF, true, true),
        "MODBUS" => new(0x8005, 0xFFFF, 0x0000, true, true),
        "CCITT" => new(0x1021, 0x0000, 0x0000, true, true),
        "CCITT-FALSE" => new(0x1021, 0xFFFF, 0x0000, false, false),
        "X25" => new(0x1021, 0xFFFF, 0xFFFF, true, true),
        "XMODEM" => new(0x1021, 0x0000, 0x0000, false, false),
        "DNP" => new(0x3D65, 0x0000, 0xFFFF, true, true),
        _ => null,
    };
}

/// <summary>Bitwise CRCs for crypto.crc8/crc16/crc32 (payloads are small; tables are not worth it).</summary>
public static class Checksums
{
    public static ushort Crc16(ReadOnlySpan<byte> data, Crc16Parameters p)
    {
        var crc = p.Initial;
        foreach (var input in data)
        {
            var b = p.ReflectIn ? Reflect8(input) : input;
            crc ^= (ushort)(b << 8);
            for (var i = 0; i < 8; i++)
                crc = (crc & 0x8000) != 0 ? (ushort)((crc << 1) ^ p.Polynomial) : (ushort)(crc << 1);
        }
        if (p.ReflectOut) crc = Reflect16(crc);
        return (ushort)(crc ^ p.FinalXor);
    }

    /// <summary>CRC-32 (IEEE 802.3, as zlib).</summary>
    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }

    /// <summary>CRC-8, polynomial 0x07, initial 0.</summary>
    public static byte Crc8(ReadOnlySpan<byte> data)
    {
        byte crc = 0;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++) crc = (crc & 0x80) != 0 ? (byte)((crc << 1) ^ 0x07) : (byte)(crc << 1);
        }
        return crc;
    }

    private static byte Reflect8(byte b)
    {
        byte r = 0;
        for (var i = 0; i < 8; i++) if ((b & (1 << i)) != 0) r |= (byte)(1 << (7 - i));
        return r;
    }

    private static ushort Reflect16(ushort v)
    {
        ushort r = 0;
        for (var i = 0; i < 16; i++) if ((v & (1 << i)) != 0) r |= (ushort)(1 << (15 - i));
        return r;
    }
}
