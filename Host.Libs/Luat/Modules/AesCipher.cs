using System.Security.Cryptography;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// crypto.aes_encrypt / aes_decrypt(mode, padding, data, key[, iv]): mode ECB | CBC | CTR,
/// padding PKCS5 | PKCS7 | ZERO | NONE; the key length (16/24/32) picks AES-128/192/256.
/// </summary>
internal static class AesCipher
{
    public static int Run(KeraLua.Lua lua, bool encrypt)
    {
        var function = encrypt ? "crypto.aes_encrypt" : "crypto.aes_decrypt";
        var mode = lua.Text(1, function).ToUpperInvariant();
        var padding = lua.Text(2, function).ToUpperInvariant() switch
        {
            "PKCS5" or "PKCS7" => PaddingMode.PKCS7,
            "ZERO" => PaddingMode.Zeros,
            "NONE" => PaddingMode.None,
            var other => throw new LuatArgumentException($"bad argument #2 to '{function}' (unknown padding '{other}')"),
        };
        var data = lua.Bytes(3, function);
        var key = lua.Bytes(4, function);
        if (key.Length is not (16 or 24 or 32))
            throw new LuatArgumentException($"bad argument #4 to '{function}' (key must be 16, 24 or 32 bytes, got {key.Length})");
        var iv = lua.IsNoneOrNil(5) ? new byte[16] : lua.Bytes(5, function);
        using var aes = Aes.Create();
        aes.Key = key;
        var result = mode switch
        {
            "ECB" => encrypt ? aes.EncryptEcb(data, padding) : aes.DecryptEcb(data, padding),
            "CBC" => encrypt ? aes.EncryptCbc(data, Iv(iv, function), padding) : aes.DecryptCbc(data, Iv(iv, function), padding),
            "CTR" => Ctr(aes, data, Iv(iv, function)),
            _ => throw new LuatArgumentException($"bad argument #1 to '{function}' (unknown mode '{mode}')"),
        };
        lua.PushBuffer(result);
        return 1;
    }

    private static byte[] Iv(byte[] iv, string function) =>
        iv.Length == 16 ? iv : throw new LuatArgumentException($"bad argument #5 to '{function}' (iv must be 16 bytes)");

    // CTR is a stream mode: the same operation encrypts and decrypts.
    private static byte[] Ctr(Aes aes, byte[] data, byte[] iv)
    {
        var counter = (byte[])iv.Clone();
        var output = new byte[data.Length];
        var block = new byte[16];
        for (var offset = 0; offset < data.Length; offset += 16)
        {
            aes.EncryptEcb(counter, block, PaddingMode.None);
            for (var i = 0; i < 16 && offset + i < data.Length; i++) output[offset + i] = (byte)(data[offset + i] ^ block[i]);
            for (var i = 15; i >= 0 && ++counter[i] == 0; i--) { }
        }
        return output;
    }
}
