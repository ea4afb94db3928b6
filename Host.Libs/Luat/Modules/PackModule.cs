using System.Buffers.Binary;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// pack (lhf's lpack as built into Luat). Sizes are those of the module's ARM32 C compiler:
/// int, long and size_t are 4 bytes, lua_Number ('n') is a double on FLOAT cores. The native
/// byte order ('=' and the default) is little-endian. A digit after a code repeats it, except
/// after 'A' in unpack, where it is the byte count of one raw string.
/// </summary>
public static class PackModule
{
    public static LuatLibrary Library { get; } = new("pack", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib) => lib
        .Function("pack", Pack)
        .Function("unpack", Unpack);

    private static int Pack(KeraLua.Lua lua)
    {
        var format = lua.Text(1, "pack.pack");
        var output = new List<byte>(32);
        var bigEndian = false;
        var arg = 2;
        Span<byte> scratch = stackalloc byte[8];
        for (var f = 0; f < format.Length;)
        {
            var code = format[f++];
            var count = ReadCount(format, ref f) ?? 1;
            for (var n = 0; n < count; n++)
            {
                switch (code)
                {
                    case '<': bigEndian = false; n = count; break;
                    case '>': bigEndian = true; n = count; break;
                    case '=': bigEndian = false; n = count; break;
                    case ' ' or ',': break;
                    case 'A': output.AddRange(lua.Bytes(arg++, "pack.pack")); break;
                    case 'z':
                        output.AddRange(lua.Bytes(arg++, "pack.pack"));
                        output.Add(0);
                        break;
                    case 'p' or 'P' or 'a':
                        var bytes = lua.Bytes(arg++, "pack.pack");
                        var prefixSize = code == 'p' ? 1 : code == 'P' ? 2 : 4;
                        WriteInteger(output, scratch, bytes.Length, prefixSize, bigEndian);
                        output.AddRange(bytes);
                        break;
                    case 'f' or 'd' or 'n':
                        var number = lua.Number(arg++, "pack.pack");
                        if (code == 'f')
                        {
                            var bits = BitConverter.SingleToInt32Bits((float)number);
                            WriteInteger(output, scratch, bits, 4, bigEndian);
                        }
                        else
                        {
                            WriteInteger(output, scratch, BitConverter.DoubleToInt64Bits(number), 8, bigEndian);
                        }
                        break;
                    default:
                        var size = IntegerSize(code) ?? throw new Binding.LuatArgumentException($"bad code '{code}' in pack.pack format");
                        // C casts double → narrower integer; wrap like the ARM target for in-range values.
                        WriteInteger(output, scratch, lua.Integer(arg++, "pack.pack"), size, bigEndian);
                        break;
                }
            }
        }
        lua.PushBuffer(output.ToArray());
        return 1;
    }

    private static int Unpack(KeraLua.Lua lua)
    {
        var data = lua.Bytes(1, "pack.unpack");
        var format = lua.Text(2, "pack.unpack");
        var position = (int)Math.Max(lua.OptionalInteger(3, "pack.unpack", 1) - 1, 0);
        var bigEndian = false;
        var results = 0;
        lua.PushNil(); // placeholder for the next position, returned first
        var slot = lua.GetTop();
        for (var f = 0; f < format.Length;)
        {
            var code = format[f++];
            var explicitCount = ReadCount(format, ref f);
            if (code == 'A')
            {
                var length = explicitCount ?? 1;
                if (position + length > data.Length) goto done;
                lua.PushBuffer(data.AsSpan(position, length).ToArray());
                position += length;
                results++;
                continue;
            }
            var count = explicitCount ?? 1;
            for (var n = 0; n < count; n++)
            {
                switch (code)
                {
                    case '<' or '=': bigEndian = false; n = count; break;
                    case '>': bigEndian = true; n = count; break;
                    case ' ' or ',': break;
                    case 'z':
                        if (position >= data.Length) goto done;
                        var end = Array.IndexOf(data, (byte)0, position);
                        if (end < 0) end = data.Length;
                        lua.PushBuffer(data.AsSpan(position, end - position).ToArray());
                        position = end + 1;
                        results++;
                        break;
                    case 'p' or 'P' or 'a':
                        var prefixSize = code == 'p' ? 1 : code == 'P' ? 2 : 4;
                        if (position + prefixSize > data.Length) goto done;
                        var length = (int)ReadUnsigned(data.AsSpan(position, prefixSize), bigEndian);
                        if (position + prefixSize + length > data.Length) goto done;
                        lua.PushBuffer(data.AsSpan(position + prefixSize, length).ToArray());
                        position += prefixSize + length;
                        results++;
                        break;
                    case 'f':
                        if (position + 4 > data.Length) goto done;
                        lua.PushNumber(BitConverter.Int32BitsToSingle((int)ReadUnsigned(data.AsSpan(position, 4), bigEndian)));
                        position += 4;
                        results++;
                        break;
                    case 'd' or 'n':
                        if (position + 8 > data.Length) goto done;
                        lua.PushNumber(BitConverter.Int64BitsToDouble((long)ReadUnsigned(data.AsSpan(position, 8), bigEndian)));
                        position += 8;
                        results++;
                        break;
                    default:
                        var size = IntegerSize(code) ?? throw new Binding.LuatArgumentException($"bad code '{code}' in pack.unpack format");
                        if (position + size > data.Length) goto done;
                        var raw = ReadUnsigned(data.AsSpan(position, size), bigEndian);
                        lua.PushInteger(IsSigned(code) ? SignExtend(raw, size) : (long)raw);
                        position += size;
                        results++;
                        break;
                }
            }
        }
    done:
        lua.PushInteger(position + 1);
        lua.Replace(slot);
        return results + 1;
    }

    private static int? ReadCount(string format, ref int f)
    {
        if (f >= format.Length || !char.IsAsciiDigit(format[f])) return null;
        var count = 0;
        while (f < format.Length && char.IsAsciiDigit(format[f])) count = count * 10 + (format[f++] - '0');
        return count;
    }

    private static int? IntegerSize(char code) => code switch
    {
        'c' or 'b' => 1,
        'h' or 'H' => 2,
        'i' or 'I' or 'l' or 'L' => 4,
        _ => null,
    };

    private static bool IsSigned(char code) => code is 'c' or 'h' or 'i' or 'l';

    private static long SignExtend(ulong raw, int size)
    {
        var shift = 64 - size * 8;
        return (long)(raw << shift) >> shift;
    }

    private static void WriteInteger(List<byte> output, Span<byte> scratch, long value, int size, bool bigEndian)
    {
        BinaryPrimitives.WriteInt64LittleEndian(scratch, value);
        if (bigEndian)
            for (var i = size - 1; i >= 0; i--) output.Add(scratch[i]);
        else
            for (var i = 0; i < size; i++) output.Add(scratch[i]);
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        ulong value = 0;
        if (bigEndian)
            foreach (var b in bytes) value = (value << 8) | b;
        else
            for (var i = bytes.Length - 1; i >= 0; i--) value = (value << 8) | bytes[i];
        return value;
    }
}
