using System.Buffers.Binary;

namespace LuatHost.Luat.Modules;

/// <summary>
/// XXTEA (Wheeler and Needham's corrected block TEA) in the byte-string form of Ma Bingyao's
/// xxtea library that Luat's crypto.xxtea_encrypt/decrypt wrap: the key is the first 16 bytes
/// (zero-filled), the data is packed little-endian with its length as the last word, so decrypt
/// returns exactly the bytes that were encrypted (or nothing if the key is wrong). Neither the BCL
/// nor BouncyCastle has XXTEA; the algorithm is the published one (delta 0x9E3779B9, 6 + 52/n rounds).
/// </summary>
internal static class Xxtea
{
    private const uint Delta = 0x9E3779B9;

    public static byte[] Encrypt(byte[] data, byte[] key)
    {
        if (data.Length == 0) return [];
        var v = ToWords(data, includeLength: true);
        EncryptWords(v, ToWords(FixKey(key), includeLength: false));
        return ToBytes(v, includeLength: false) ?? [];
    }

    public static byte[]? Decrypt(byte[] data, byte[] key)
    {
        if (data.Length == 0 || data.Length % 4 != 0) return null;
        var v = ToWords(data, includeLength: false);
        DecryptWords(v, ToWords(FixKey(key), includeLength: false));
        return ToBytes(v, includeLength: true);
    }

    private static byte[] FixKey(byte[] key)
    {
        var fixedKey = new byte[16];
        key.AsSpan(0, Math.Min(16, key.Length)).CopyTo(fixedKey);
        return fixedKey;
    }

    private static uint[] ToWords(byte[] data, bool includeLength)
    {
        var n = (data.Length + 3) / 4;
        var words = new uint[includeLength ? n + 1 : n];
        var padded = new byte[n * 4];
        data.CopyTo(padded, 0);
        for (var i = 0; i < n; i++) words[i] = BinaryPrimitives.ReadUInt32LittleEndian(padded.AsSpan(i * 4));
        if (includeLength) words[n] = (uint)data.Length;
        return words;
    }

    private static byte[]? ToBytes(uint[] words, bool includeLength)
    {
        var length = words.Length * 4;
        if (includeLength)
        {
            var stated = (long)words[^1];
            var available = (words.Length - 1) * 4L;
            if (stated < available - 3 || stated > available) return null;
            length = (int)stated;
        }
        var bytes = new byte[words.Length * 4];
        for (var i = 0; i < words.Length; i++) BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(i * 4), words[i]);
        return bytes[..length];
    }

    private static uint Mx(uint sum, uint y, uint z, int p, uint e, uint[] k) =>
        (((z >> 5) ^ (y << 2)) + ((y >> 3) ^ (z << 4))) ^ ((sum ^ y) + (k[(p & 3) ^ (int)e] ^ z));

    private static void EncryptWords(uint[] v, uint[] k)
    {
        var n = v.Length - 1;
        if (n < 1) return;
        var z = v[n];
        uint sum = 0;
        for (var q = 6 + 52 / (n + 1); q > 0; q--)
        {
            sum += Delta;
            var e = (sum >> 2) & 3;
            int p;
            uint y;
            for (p = 0; p < n; p++)
            {
                y = v[p + 1];
                z = v[p] += Mx(sum, y, z, p, e, k);
            }
            y = v[0];
            z = v[n] += Mx(sum, y, z, p, e, k);
        }
    }

    private static void DecryptWords(uint[] v, uint[] k)
    {
        var n = v.Length - 1;
        if (n < 1) return;
        var y = v[0];
        var q = 6 + 52 / (n + 1);
        var sum = (uint)(q * Delta);
        while (sum != 0)
        {
            var e = (sum >> 2) & 3;
            int p;
            uint z;
            for (p = n; p > 0; p--)
            {
                z = v[p - 1];
                y = v[p] -= Mx(sum, y, z, p, e, k);
            }
            z = v[n];
            y = v[0] -= Mx(sum, y, z, p, e, k);
            sum -= Delta;
        }
    }
}
