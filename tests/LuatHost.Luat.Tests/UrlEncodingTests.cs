namespace LuatHost.Luat.Tests;

/// <summary>utils' two URL encoders: RFC 3986 (space → %20) and form encoding (space → +).</summary>
public sealed class UrlEncodingTests
{
    [Fact]
    public void Raw_url_encoding_keeps_unreserved_characters_and_encodes_space_and_utf8()
    {
        Assert.Equal(["a-b_c.d~e%20f%2Bg%2A%E4%B8%AD"], LuaSnippet.Lines("require 'utils' print(string.rawurlEncode('a-b_c.d~e f+g*中'))"));
    }

    [Fact]
    public void Form_url_encoding_keeps_star_turns_space_into_plus_and_encodes_tilde_and_utf8()
    {
        Assert.Equal(["a-b_c.d%7Ee+f%2Bg*%E4%B8%AD"], LuaSnippet.Lines("require 'utils' print(string.urlEncode('a-b_c.d~e f+g*中'))"));
    }
}
