using System.Security.Cryptography;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// crypto.rsa_encrypt / rsa_decrypt / rsa_sha256_sign / rsa_sha256_verify in Luat's shape:
/// <c>(keyType "PUBLIC_KEY"|"PRIVATE_KEY", pemText, bits, cryptType "PUBLIC_CRYPT"|"PRIVATE_CRYPT", data[, signedData])</c>;
/// PKCS#1 v1.5 padding and SHA-256 signatures (mbedTLS's defaults, which Luat's core uses). BCL RSA.
/// </summary>
internal static class RsaFunctions
{
    public static void Register(LuatLibraryBuilder lib)
    {
        lib.Function("rsa_encrypt", lua => Run(lua, "crypto.rsa_encrypt", (rsa, data) => rsa.Encrypt(data, RSAEncryptionPadding.Pkcs1)))
            .Function("rsa_decrypt", lua => Run(lua, "crypto.rsa_decrypt", (rsa, data) => rsa.Decrypt(data, RSAEncryptionPadding.Pkcs1)))
            .Function("rsa_sha256_sign", lua => Run(lua, "crypto.rsa_sha256_sign",
                (rsa, data) => rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)))
            .Function("rsa_sha256_verify", lua =>
            {
                using var rsa = Key(lua, "crypto.rsa_sha256_verify");
                var signature = lua.Bytes(5, "crypto.rsa_sha256_verify");
                var data = lua.Bytes(6, "crypto.rsa_sha256_verify");
                lua.PushBoolean(rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
                return 1;
            });
    }

    private static int Run(KeraLua.Lua lua, string function, Func<RSA, byte[], byte[]> operation)
    {
        using var rsa = Key(lua, function);
        var data = lua.Bytes(5, function);
        try
        {
            lua.PushBuffer(operation(rsa, data));
        }
        catch (CryptographicException)
        {
            // mbedTLS reports a failure code and Luat returns an empty string.
            lua.PushBuffer([]);
        }
        return 1;
    }

    private static RSA Key(KeraLua.Lua lua, string function)
    {
        var keyType = lua.Text(1, function).ToUpperInvariant();
        if (keyType is not ("PUBLIC_KEY" or "PRIVATE_KEY"))
            throw LuaArgs.BadArgument(1, function, $"key type must be PUBLIC_KEY or PRIVATE_KEY, got '{keyType}'");
        var pem = lua.Text(2, function);
        lua.Integer(3, function); // the key size in bits: the PEM already says it
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
        }
        catch (ArgumentException)
        {
            rsa.Dispose();
            throw LuaArgs.BadArgument(2, function, "not a PEM RSA key");
        }
        catch (CryptographicException)
        {
            rsa.Dispose();
            throw LuaArgs.BadArgument(2, function, "not a PEM RSA key");
        }
        return rsa;
    }
}
