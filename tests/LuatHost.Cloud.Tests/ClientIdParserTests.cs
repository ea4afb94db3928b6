using LuatHost.Aliyun.Signing;

namespace LuatHost.Cloud.Tests;

public sealed class ClientIdParserTests
{
    [Fact]
    public void Parser_reads_bare_id_and_parameters_and_keeps_unknown_keys()
    {
        Assert.True(AliyunClientId.TryParse("12345|securemode=3,signmethod=hmacsha1,timestamp=789,_v=sdk-c,|", out var id, out _));

        Assert.Equal("12345", id!.BareId);
        Assert.Equal("3", id.SecureMode);
        Assert.Equal("hmacsha1", id.SignMethodName);
        Assert.Equal("789", id.Timestamp);
        Assert.Equal("sdk-c", id["_v"]);
    }

    [Theory]
    [InlineData("abc|securemode=3")]
    [InlineData("|securemode=3|")]
    [InlineData("abc|securemode|")]
    [InlineData("abc|a=1|b=2|")]
    [InlineData("")]
    public void Parser_rejects_malformed_client_ids(string text)
    {
        Assert.False(AliyunClientId.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Parser_rejects_a_bare_id_longer_than_64_characters()
    {
        Assert.False(AliyunClientId.TryParse(new string('x', 65) + "|securemode=3|", out _, out var error));
        Assert.Contains("64", error, StringComparison.Ordinal);
    }
}
