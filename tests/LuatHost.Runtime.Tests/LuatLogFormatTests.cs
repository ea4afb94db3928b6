using LuatHost.Runtime;

namespace LuatHost.Runtime.Tests;

public class LuatLogFormatTests
{
    [Fact]
    public void Info_line_is_level_tag_then_tab_separated_args() =>
        Assert.Equal("[I]-[testALiYun.connectCbFnc]\ttrue", LuatLogFormat.Format(LuatLogLevel.Info, "testALiYun.connectCbFnc", true));

    [Theory]
    [InlineData(LuatLogLevel.Trace, "[T]-[t]")]
    [InlineData(LuatLogLevel.Debug, "[D]-[t]")]
    [InlineData(LuatLogLevel.Info, "[I]-[t]")]
    [InlineData(LuatLogLevel.Warn, "[W]-[t]")]
    [InlineData(LuatLogLevel.Error, "[E]-[t]")]
    [InlineData(LuatLogLevel.Fatal, "[F]-[t]")]
    public void Each_level_prints_its_letter_and_no_args_print_no_tab(LuatLogLevel level, string expected) =>
        Assert.Equal(expected, LuatLogFormat.Format(level, "t"));

    [Fact]
    public void Non_string_tag_prints_as_empty_brackets() =>
        Assert.Equal("[W]-[]\tx", LuatLogFormat.Format(LuatLogLevel.Warn, 42, "x"));

    [Fact]
    public void Args_convert_like_lua_tostring()
    {
        var line = LuatLogFormat.Format(LuatLogLevel.Info, "t", null, false, 3, 3.0, 0.1, 1e20, -2L, "s");
        Assert.Equal("[I]-[t]\tnil\tfalse\t3\t3\t0.1\t1e+20\t-2\ts", line);
    }

    [Fact]
    public void Print_joins_args_with_tabs() =>
        Assert.Equal("a\t1\tnil", LuatLogFormat.FormatPrint("a", 1, null));

    [Theory]
    [InlineData(LuatLogLevel.Info, LuatLogLevel.Info, true)]
    [InlineData(LuatLogLevel.Debug, LuatLogLevel.Info, false)]
    [InlineData(LuatLogLevel.Fatal, LuatLogLevel.Silent, false)]
    [InlineData(LuatLogLevel.Trace, LuatLogLevel.Trace, true)]
    public void Threshold_follows_lib_log_rules(LuatLogLevel level, LuatLogLevel threshold, bool enabled) =>
        Assert.Equal(enabled, LuatLogFormat.IsEnabled(level, threshold));
}
