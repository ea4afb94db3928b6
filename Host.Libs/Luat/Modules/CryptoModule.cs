using System.Security.Cryptography;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// crypto (Luat crypto.c): digests and HMACs return UPPERCASE hex and take explicit lengths
/// (`crypto.hmac_sha1(data, #data, key, #key)`) — only that many bytes are used.
/// </summary>
public static class CryptoModule
{
    public static LuatLibrary Library { get; } = new("crypto", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var context = lib.Context;
        lib.Function("md5", lua =>
            {
                // crypto.md5(path, "file") hashes a file of the device file system.
                if (lua.IsString(2) && !lua.IsNumber(2) && lua.Text(2, "crypto.md5") == "file")
                {
                    var path = lua.Text(1, "crypto.md5");
                    var hostPath = context.Files.Resolve(path);
                    if (!File.Exists(hostPath)) throw new LuatArgumentException($"crypto.md5: no file '{path}' on the device");
                    return PushHex(lua, MD5.HashData(File.ReadAllBytes(hostPath)));
                }
                return PushHex(lua, MD5.HashData(Data(lua, 1, 2, "crypto.md5")));
            })
            .Function("sha1", lua => PushHex(lua, SHA1.HashData(Data(lua, 1, 2, "crypto.sha1"))))
            .Function("sha256", lua => PushHex(lua, SHA256.HashData(Data(lua, 1, 2, "crypto.sha256"))))
            .Function("hmac_md5", lua => PushHex(lua, HMACMD5.HashData(Data(lua, 3, 4, "crypto.hmac_md5"), Data(lua, 1, 2, "crypto.hmac_md5"))))
            .Function("hmac_sha1", lua => PushHex(lua, HMACSHA1.HashData(Data(lua, 3, 4, "crypto.hmac_sha1"), Data(lua, 1, 2, "crypto.hmac_sha1"))))
            .Function("hmac_sha256", lua =>
            {
                // Two forms: (data, key) on newer cores, (data, len, key, keylen) like the others.
                if (lua.IsNoneOrNil(3))
                    return PushHex(lua, HMACSHA256.HashData(lua.Bytes(2, "crypto.hmac_sha256"), lua.Bytes(1, "crypto.hmac_sha256")));
                return PushHex(lua, HMACSHA256.HashData(Data(lua, 3, 4, "crypto.hmac_sha256"), Data(lua, 1, 2, "crypto.hmac_sha256")));
            })
            .Function("sm3", lua =>
            {
                var data = Data(lua, 1, 2, "crypto.sm3");
                var sm3 = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
                sm3.BlockUpdate(data, 0, data.Length);
                var digest = new byte[sm3.GetDigestSize()];
                sm3.DoFinal(digest, 0);
                return PushHex(lua, digest);
            })
            .Function("xxtea_encrypt", lua =>
            {
                lua.PushBuffer(Xxtea.Encrypt(lua.Bytes(1, "crypto.xxtea_encrypt"), lua.Bytes(2, "crypto.xxtea_encrypt")));
                return 1;
            })
            .Function("xxtea_decrypt", lua =>
            {
                // A wrong key (or damaged data) decrypts to nothing.
                lua.PushBuffer(Xxtea.Decrypt(lua.Bytes(1, "crypto.xxtea_decrypt"), lua.Bytes(2, "crypto.xxtea_decrypt")) ?? []);
                return 1;
            })
            .Function("base64_encode", lua =>
            {
                lua.PushString(Convert.ToBase64String(Data(lua, 1, 2, "crypto.base64_encode")));
                return 1;
            })
            .Function("base64_decode", lua =>
            {
                var text = System.Text.Encoding.ASCII.GetString(Data(lua, 1, 2, "crypto.base64_decode"));
                byte[] decoded;
                try { decoded = Convert.FromBase64String(text); }
                catch (FormatException) { decoded = []; } // the C decoder yields an empty string for bad input
                lua.PushBuffer(decoded);
                return 1;
            })
            .Function("crc16", lua =>
            {
                var method = lua.Text(1, "crypto.crc16");
                var data = lua.Bytes(2, "crypto.crc16");
                var parameters = method.Equals("USER-DEFINED", StringComparison.OrdinalIgnoreCase)
                    ? new Crc16Parameters(
                        (ushort)lua.Integer(3, "crypto.crc16"), (ushort)lua.Integer(4, "crypto.crc16"),
                        (ushort)lua.Integer(5, "crypto.crc16"), lua.Integer(6, "crypto.crc16") != 0, lua.Integer(7, "crypto.crc16") != 0)
                    : Crc16Parameters.Named(method)
                      ?? throw new LuatArgumentException($"bad argument #1 to 'crypto.crc16' (unknown method '{method}')");
                lua.PushInteger(Checksums.Crc16(data, parameters));
                return 1;
            })
            .Function("crc16_modbus", lua =>
            {
                lua.PushInteger(Checksums.Crc16(Data(lua, 1, 2, "crypto.crc16_modbus"), Crc16Parameters.Named("MODBUS")!));
                return 1;
            })
            .Function("crc32", lua =>
            {
                lua.PushInteger(Checksums.Crc32(Data(lua, 1, 2, "crypto.crc32")));
                return 1;
            })
            .Function("crc8", lua =>
            {
                lua.PushInteger(Checksums.Crc8(Data(lua, 1, 2, "crypto.crc8")));
                return 1;
            });
        BlockCiphers.Register(lib, BlockCiphers.Aes);
        BlockCiphers.Register(lib, BlockCiphers.Des);
        BlockCiphers.Register(lib, BlockCiphers.Des3);
        BlockCiphers.Register(lib, BlockCiphers.Sm4);
        RsaFunctions.Register(lib);
        StreamingDigests.Register(lib);
    }

    /// <summary>The first `len` bytes of the string at dataIndex (len optional: whole string).</summary>
    private static byte[] Data(KeraLua.Lua lua, int dataIndex, int lengthIndex, string function)
    {
        var data = lua.Bytes(dataIndex, function);
        if (lua.IsNoneOrNil(lengthIndex)) return data;
        var length = lua.Integer(lengthIndex, function);
        return length >= data.Length ? data : data[..(int)Math.Max(length, 0)];
    }

    private static int PushHex(KeraLua.Lua lua, byte[] digest)
    {
        lua.PushString(Convert.ToHexString(digest));
        return 1;
    }
}
