namespace LuatHost.Luat.Tests;

public sealed class LogTests
{
    [Fact]
    public void Log_lines_are_level_tag_then_tab_separated_arguments()
    {
        var lines = LuaSnippet.Lines("""
            require "log"
            log.info("testALiYun.connectCbFnc", true)
            log.warn("tag", 1, nil, "x", 2.5, 3.0)
            log.error("e")
            """);
        Assert.Equal(["[I]-[testALiYun.connectCbFnc]\ttrue", "[W]-[tag]\t1\tnil\tx\t2.5\t3", "[E]-[e]"], lines);
    }

    [Fact]
    public void A_tag_that_is_not_a_string_prints_as_empty_brackets()
    {
        Assert.Equal(["[I]-[]\tv"], LuaSnippet.Lines("""require "log" log.info(42, "v")"""));
    }

    [Fact]
    public void Global_LOG_LEVEL_filters_at_every_call_and_nil_means_info()
    {
        var lines = LuaSnippet.Lines("""
            require "log"
            log.debug("hidden by default")
            LOG_LEVEL = log.LOGLEVEL_TRACE
            log.trace("shown")
            LOG_LEVEL = log.LOG_SILENT
            log.fatal("silent")
            LOG_LEVEL = log.LOGLEVEL_WARN
            log.info("below warn")
            log.warn("warn")
            """);
        Assert.Equal(["[T]-[shown]", "[W]-[warn]"], lines);
    }

    [Fact]
    public void Print_joins_arguments_with_tab_like_Lua()
    {
        Assert.Equal(["a\t1\tnil\ttrue"], LuaSnippet.Lines("print('a', 1, nil, true)"));
    }

    [Fact]
    public void Require_log_creates_the_global()
    {
        Assert.Equal("table\ttrue", LuaSnippet.Eval("type(require 'log'), log == package.loaded.log"));
    }
}
