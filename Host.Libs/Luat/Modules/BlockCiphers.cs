using LuatHost.Luat.Binding;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;

namespace LuatHost.Luat.Modules;

/// <summary>
/// crypto's block ciphers, one calling shape (Luat's): <c>crypto.X_encrypt(mode, padding, data, key[, iv])</c>
/// with mode ECB | CBC | CTR and padding PKCS5 | PKCS7 | ZERO | NONE, for X = aes (16/24/32-byte key),
/// des (8), des3 (16 or 24: DES-EDE, Luat's demo uses three equal halves), sm4 (16). The engines
/// are BouncyCastle's (they take keys .NET refuses as "weak", which Luat accepts).
/// </summary>
internal static class BlockCiphers
{
    public sealed record Algorithm(string Name, int[] KeyLengths, Func<IBlockCipher> Create);

    public static readonly Algorithm Aes = new("aes", [16, 24, 32], () => new AesEngine());
    public static readonly Algorithm Des = new("des", [8], () => new DesEngine());
    public static readonly Algorithm Des3 = new("des3", [16, 24], () => new DesEdeEngine());
    public static readonly Algorithm Sm4 = new("sm4", [16], () => new SM4Engine());

    public static void Register(LuatLibraryBuilder lib, Algorithm algorithm)
    {
        lib.Function(algorithm.Name + "_encrypt", lua => Run(lua, algorithm, encrypt: true))
            .Function(algorithm.Name + "_decrypt", lua => Run(lua, algorithm, encrypt: false));
    }

    private static int Run(KeraLua.Lua lua, Algorithm algorithm, bool encrypt)
    {
        var function = $"crypto.{algorithm.Name}_{(encrypt ? "encrypt" : "decrypt")}";
        var mode = lua.Text(1, function).ToUpperInvariant();
        var padding = lua.Text(2, function).ToUpperInvariant();
        if (padding is not ("PKCS5" or "PKCS7" or "ZERO" or "NONE"))
            throw LuaArgs.BadArgument(2, function, $"unknown padding '{padding}'");
        var data = lua.Bytes(3, function);
        var key = lua.Bytes(4, function);
        if (!algorithm.KeyLengths.Contains(key.Length))
            throw LuaArgs.BadArgument(4, function, $"key must be {string.Join(" or ", algorithm.KeyLengths)} bytes, got {key.Length}");
        var engine = algorithm.Create();
        var block = engine.GetBlockSize();
        var iv = lua.IsNoneOrNil(5) ? new byte[block] : lua.Bytes(5, function);
        if (mode != "ECB" && iv.Length < block) throw LuaArgs.BadArgument(5, function, $"iv must be {block} bytes");
        iv = iv[..Math.Min(iv.Length, block)];

        byte[] result;
        switch (mode)
        {
            case "ECB" or "CBC":
                engine.Init(encrypt, new KeyParameter(key));
                if (encrypt)
                {
                    result = Transform(engine, Pad(data, padding, block, function), mode == "CBC" ? iv : null, encrypt: true);
                }
                else
                {
                    if (data.Length % block != 0) throw LuaArgs.BadArgument(3, function, $"data length must be a multiple of {block}");
                    result = Unpad(Transform(engine, data, mode == "CBC" ? iv : null, encrypt: false), padding, block, function);
                }
                break;
            case "CTR":
                // A stream mode: the same operation both ways, no padding.
                engine.Init(true, new KeyParameter(key));
                result = Ctr(engine, data, iv);
                break;
            default:
                throw LuaArgs.BadArgument(1, function, $"unknown mode '{mode}'");
        }
        lua.PushBuffer(result);
        return 1;
    }

    private static byte[] Pad(byte[] data, string padding, int block, string function)
    {
        switch (padding)
        {
            case "NONE":
                if (data.Length % block != 0) throw LuaArgs.BadArgument(3, function, $"data length must be a multiple of {block} without padding");
                return data;
            case "ZERO":
                var zeros = (block - data.Length % block) % block;
                return [.. data, .. new byte[zeros]];
            default:
                var count = block - data.Length % block;
                return [.. data, .. Enumerable.Repeat((byte)count, count)];
        }
    }

    private static byte[] Unpad(byte[] data, string padding, int block, string function)
    {
        if (padding is "NONE" or "ZERO" || data.Length == 0) return data;
        var count = data[^1];
        if (count < 1 || count > block || count > data.Length || data.AsSpan(data.Length - count).IndexOfAnyExcept(count) >= 0)
            throw LuaArgs.BadArgument(3, function, "invalid padding (wrong key or data)");
        return data[..^count];
    }

    // ECB (chain null) or CBC over whole blocks.
    private static byte[] Transform(IBlockCipher engine, byte[] data, byte[]? chain, bool encrypt)
    {
        var block = engine.GetBlockSize();
        var output = new byte[data.Length];
        var previous = chain is null ? null : (byte[])chain.Clone();
        var buffer = new byte[block];
        for (var offset = 0; offset < data.Length; offset += block)
        {
            data.AsSpan(offset, block).CopyTo(buffer);
            if (encrypt && previous is not null) Xor(buffer, previous);
            engine.ProcessBlock(buffer, 0, output, offset);
            if (previous is not null)
            {
                if (encrypt)
                {
                    output.AsSpan(offset, block).CopyTo(previous);
                }
                else
                {
                    Xor(output.AsSpan(offset, block), previous);
                    data.AsSpan(offset, block).CopyTo(previous);
                }
            }
        }
        return output;
    }

    private static byte[] Ctr(IBlockCipher engine, byte[] data, byte[] iv)
    {
        var block = engine.GetBlockSize();
        var counter = (byte[])iv.Clone();
        var stream = new byte[block];
        var output = new byte[data.Length];
        for (var offset = 0; offset < data.Length; offset += block)
        {
            engine.ProcessBlock(counter, 0, stream, 0);
            for (var i = 0; i < block && offset + i < data.Length; i++) output[offset + i] = (byte)(data[offset + i] ^ stream[i]);
            for (var i = block - 1; i >= 0 && ++counter[i] == 0; i--) { }
        }
        return output;
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> with)
    {
        for (var i = 0; i < target.Length; i++) target[i] ^= with[i];
    }
}
