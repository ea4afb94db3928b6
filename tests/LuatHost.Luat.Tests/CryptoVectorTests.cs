namespace LuatHost.Luat.Tests;

/// <summary>
/// The crypto functions added for Luat's demo/crypto, each against a published vector (or, for
/// RSA, a signature made by OpenSSL), plus Luat's bad-argument message shape.
/// </summary>
public sealed class CryptoVectorTests
{
    private const string Hex = """
        local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end
        local function bin(h) return (h:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end)) end

        """;

    [Fact]
    public void Sm3_of_abc_is_the_GB_T_32905_example()
    {
        Assert.Equal("66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0", LuaSnippet.Eval("crypto.sm3('abc')"));
    }

    [Fact]
    public void Sm3_in_a_stream_gives_the_GB_T_32905_examples_whatever_the_pieces()
    {
        // Luat's demo/crypto (flowSm3Test): crypto.sm3start(), :sm3update(piece) …, :sm3finish(). Example 2 of the
        // standard is "abcd" 16 times: fed here in pieces that cut across its 64-byte block.
        Assert.Equal(["66C7F0F462EEEDD9D1F2D46BDC10E4E24167C4875CF2F7A2297DA02B8F4BA8E0",
            "DEBE9FF92275B8A138604889C18E5A4D6FDB70E5387E5765293DCBA39C0C5732"], LuaSnippet.Lines("""
            local s = crypto.sm3start() s:sm3update("a") s:sm3update("bc") print(s:sm3finish())
            local t = crypto.sm3start()
            local text = string.rep("abcd", 16)
            t:sm3update(text:sub(1, 7)) t:sm3update(text:sub(8, 63)) t:sm3update(text:sub(64))
            print(t:sm3finish())
            """));
    }

    [Fact]
    public void Sm4_encrypts_the_GB_T_32907_example_block_and_decrypts_it_back()
    {
        Assert.Equal(["681EDF34D206965E86B3E94F536E4246", "0123456789ABCDEFFEDCBA9876543210"], LuaSnippet.Lines(Hex + """
            local key = bin("0123456789ABCDEFFEDCBA9876543210")
            local c = crypto.sm4_encrypt("ECB", "NONE", key, key)
            print(hex(c))
            print(hex(crypto.sm4_decrypt("ECB", "NONE", c, key)))
            """));
    }

    [Fact]
    public void Des_encrypts_the_classic_worked_example_and_des3_with_equal_keys_is_des()
    {
        Assert.Equal(["85E813540F0AB405", "85E813540F0AB405", "0123456789ABCDEF"], LuaSnippet.Lines(Hex + """
            local key, plain = bin("133457799BBCDFF1"), bin("0123456789ABCDEF")
            print(hex(crypto.des_encrypt("ECB", "NONE", plain, key)))
            local c3 = crypto.des3_encrypt("ECB", "NONE", plain, key .. key .. key)
            print(hex(c3))
            print(hex(crypto.des3_decrypt("ECB", "NONE", c3, key .. key .. key)))
            """));
    }

    [Fact]
    public void Des3_encrypts_the_NIST_SP_800_67_example_with_its_qufck_typo()
    {
        Assert.Equal("A826FD8CE53B855FCCE21C8112256FE668D5C05DD9B6B900", Assert.Single(LuaSnippet.Lines(Hex + """
            local key = bin("0123456789ABCDEF23456789ABCDEF01456789ABCDEF0123")
            print(hex(crypto.des3_encrypt("ECB", "NONE", "The qufck brown fox jump", key)))
            """)));
    }

    [Fact]
    public void Des_cbc_pkcs5_as_Luats_demo_round_trips()
    {
        Assert.Equal(["16", "123456789"], LuaSnippet.Lines("""
            local c = crypto.des_encrypt("CBC", "PKCS5", "123456789", "12345678", "00000000")
            print(#c)
            print(crypto.des_decrypt("CBC", "PKCS5", c, "12345678", "00000000"))
            """));
    }

    [Fact]
    public void Xxtea_matches_the_xxtea_library_README_vector_and_decrypts_back()
    {
        Assert.Equal(["QncB1C0rHQoZ1eRiPM4dsZtRi9pNrp7sqvX76cFXvrrIHXL6", "true", ""], LuaSnippet.Lines("""
            local text = "Hello World! 你好，中国！"
            local c = crypto.xxtea_encrypt(text, "1234567890")
            print(crypto.base64_encode(c, #c))
            print(crypto.xxtea_decrypt(c, "1234567890") == text)
            print(crypto.xxtea_decrypt(c, "wrong key"))
            """));
    }

    [Fact]
    public void Hmac_sha256_two_argument_form_matches_RFC_4231_test_case_2()
    {
        Assert.Equal("5BDCC146BF60754E6A042426089575C75A003F089D2739839DEC58B964EC3843",
            LuaSnippet.Eval("crypto.hmac_sha256('what do ya want for nothing?', 'Jefe')"));
    }

    [Fact]
    public void A_wrong_argument_type_fails_in_Luats_message_shape()
    {
        var (outcome, _) = LuaSnippet.Run("crypto.hmac_sha256('data', {})");
        Assert.False(outcome.Succeeded);
        Assert.Contains("bad argument #2 to 'crypto.hmac_sha256' (string expected, got table)", outcome.Error);
        var (badPadding, _) = LuaSnippet.Run("crypto.aes_decrypt('ECB', 'PKCS7', string.rep('x', 16), '1234567890123456')");
        Assert.Contains("bad argument #3 to 'crypto.aes_decrypt' (invalid padding", badPadding.Error);
        Assert.DoesNotContain("Exception", badPadding.Error);
    }

    private const string PrivateKey = """
-----BEGIN RSA PRIVATE KEY-----
MIICXQIBAAKBgQCeNeZhlPMMlpe6YBGw6lkaC0B3/SvRS7hfSE2EULICIa0M00vD
EXeXcG0GvzyHFosbT29tiY3Ta3tS5bbr4oB6g79ohFH/8sXCKlc6cUpp5aqZtH69
NU4QmmLvMu2XGyl/OpTuWYpt+JfsvAgMhyZsXE+nmfK9Ql/45kbfJ1lAbwIDAQAB
AoGBAIyfxCLATjjGMh8K/S6PXptznN4KPkROVZb7oUsWnuKeJD7eIN1GTVJiL8Zr
fNVmCEdCF/z44wMk6f0JCcopDaBybNUzceBE97W7a3QDzV1E8D1Uaxd6vk+XkGEk
GOAnoqG90csdB3T2ohBdqrPWwjr9dlqyqJo0ii2zuS01dxKBAkEAymeO6BnkGFBg
ns8u1YuuJrpRnNWPM5nYwPhlc5AW6+hOQ3jkFRpqLGOn6qFogZswZAsPydmkInMM
OlcEy9vCkQJBAMgaje6q88veQwg2bfKLB4kWjuocwsAXkDErbVaNNV3zAycniFR+
R7IEG3lM1BNeipDhkipnRGqQOL6KS9EgUv8CQQCaEJuhpluN+lihaXjvyUPFbNtE
cvZuw7NOp4Spo0sfRJOWHkYWniWlJjIhkbz3soXyEM1yyrx6EHKFUclv1xZRAkAQ
bT2hjh8daU2PawhzlL41nsh0p4/FPSn1H1+Gb2kmIUDtAe3LIeK41mV6+7edL3Go
mxvopzmSlexSl//JVyH5AkBD41QPABQQPH9DIL4WRF4kour/3sHiriVwQ+0210qV
XutkMN31/GkZ9ow0e5KpqOmIJx2EZ8hy9Rbv7zCFRHFZ
-----END RSA PRIVATE KEY-----
""";

    private const string PublicKey = """
-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQCeNeZhlPMMlpe6YBGw6lkaC0B3
/SvRS7hfSE2EULICIa0M00vDEXeXcG0GvzyHFosbT29tiY3Ta3tS5bbr4oB6g79o
hFH/8sXCKlc6cUpp5aqZtH69NU4QmmLvMu2XGyl/OpTuWYpt+JfsvAgMhyZsXE+n
mfK9Ql/45kbfJ1lAbwIDAQAB
-----END PUBLIC KEY-----
""";

    [Fact]
    public void Rsa_verifies_an_OpenSSL_signature_signs_the_same_and_round_trips_encryption()
    {
        using var project = new LuatTestProject();
        project.File("private.key", PrivateKey).File("public.key", PublicKey);
        var result = project.Run(Hex + """
            local function read(p) local f = io.open(p, "rb") local s = f:read("*a") f:close() return s end
            local data = "firmId=10015&model=zw-sp300"
            local signature = bin("7DAC286E933A71DB1EEF22B9CC1401495AFD76EF2DADC6B48CBC750D3EA0F0E83B3C29D9B4383BF1C1A44EC2A1F68619F87460FCB673C03D2D5F381FACF2CF4E8453465DDFC9873E4FC6B55AE3BAD0015EBEAA8B70246601085913DFCBAD971A729C2A42777054F5908C914C1C3F489D088E30459B94D56A165CE0CE916E6EB3")
            print(crypto.rsa_sha256_verify("PUBLIC_KEY", read("/lua/public.key"), 1024, "PUBLIC_CRYPT", signature, data))
            print(hex(crypto.rsa_sha256_sign("PRIVATE_KEY", read("/lua/private.key"), 1024, "PRIVATE_CRYPT", data)) == hex(signature))
            local c = crypto.rsa_encrypt("PUBLIC_KEY", read("/lua/public.key"), 1024, "PUBLIC_CRYPT", data)
            print(#c, crypto.rsa_decrypt("PRIVATE_KEY", read("/lua/private.key"), 1024, "PRIVATE_CRYPT", c))
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["true", "true", "128\tfirmId=10015&model=zw-sp300"], project.Lines);
    }
}
