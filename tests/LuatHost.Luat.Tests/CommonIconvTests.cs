namespace LuatHost.Luat.Tests;

/// <summary>
/// common + iconv with the results Luat's lib/common.lua documents in its own usage comments, and
/// the code points of 中 (U+4E2D, GB2312 D6D0) and 文 (U+6587, GB2312 CEC4).
/// </summary>
public sealed class CommonIconvTests
{
    private const string Prelude = """
        require "common"
        local function hex(s) return (s:gsub(".", function(c) return string.format("%02X", c:byte()) end)) end
        local function bin(h) return (h:gsub("%x%x", function(x) return string.char(tonumber(x, 16)) end)) end

        """;

    [Fact]
    public void Encodings_convert_between_utf8_gb2312_and_ucs2_both_byte_orders()
    {
        Assert.Equal(["D6D0CEC4", "2D4E8765", "4E2D6587", "E4B8ADE69687", "true\ttrue", "nil"], LuaSnippet.Lines(Prelude + """
            local text = "中文"
            print(hex(common.utf8ToGb2312(text)))
            print(hex(common.utf8ToUcs2(text)))
            print(hex(common.utf8ToUcs2be(text)))
            print(hex(common.gb2312ToUtf8(bin("D6D0CEC4"))))
            print(common.ucs2ToGb2312(bin("2D4E8765")) == bin("D6D0CEC4"), common.ucs2beToUtf8(bin("4E2D6587")) == text)
            print(iconv.open("klingon", "utf8"))
            """));
    }

    [Fact]
    public void Number_helpers_give_the_results_in_Luats_usage_comments()
    {
        Assert.Equal(["1234", "002B0031003200330034", "688121364265F7", "8618126324567"], LuaSnippet.Lines(Prelude + """
            print(common.ucs2ToAscii("0031003200330034"))
            print(common.nstrToUcs2Hex("+1234"))
            print(hex(common.numToBcdNum("8618126324567")))
            print(common.bcdNumToNum(bin("688121364265f7")))
            """));
    }

    [Fact]
    public void Time_zone_conversion_crosses_midnight_month_and_year_as_documented()
    {
        Assert.Equal(["2018 1 2 2 0 0", "2017 12 31 22 0 0", "20 2 29 1 0 0"], LuaSnippet.Lines(Prelude + """
            local function show(t) print(t.year, t.month, t.day, t.hour, t.min, t.sec) end
            show(common.timeZoneConvert(2018, 1, 1, 18, 0, 0, 0, 8))
            show(common.timeZoneConvert(2018, 1, 1, 6, 0, 0, 8, 0))
            show(common.timeZoneConvert(20, 2, 28, 17, 0, 0, 0, 8))
            """).Select(l => l.Replace('\t', ' ')).ToList());
    }
}
