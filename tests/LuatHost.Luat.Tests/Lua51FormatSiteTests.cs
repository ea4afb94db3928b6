using LuatHost.Luat.Compat;

namespace LuatHost.Luat.Tests;

/// <summary>
/// `string.format("literal", …)` call sites bound by the pre-pass to a compiled format (Lua51FormatPrepass,
/// host/lua51format.lua) and `..` operands left unwrapped because they are strings. Expected lines are what
/// Debian's lua5.1 (5.1.5) printed for the same code (the file name in its messages replaced by `chunk`).
/// </summary>
public sealed class Lua51FormatSiteTests
{
    [Fact]
    public void A_literal_format_call_is_bound_to_its_site_and_no_line_moves()
    {
        const string source = "local a = string.format(\"%d:%s\", x, y)\nprint(string.format('%5.1f', v))\nreturn string.format([[%d]], 1)";
        var rewritten = LuaSourcePrepass.Apply(source);
        Assert.Equal(source.Count(c => c == '\n'), rewritten.Count(c => c == '\n'));
        Assert.Contains("__luat_fs51[1](string.format, \"%d:%s\", x, y)", rewritten);
        Assert.Contains("__luat_fs51[2](string.format, '%5.1f', v)", rewritten);
        Assert.Contains("__luat_fs51[3](string.format, [[%d]], 1.0)", rewritten);
    }

    [Fact]
    public void A_call_whose_argument_count_is_not_fixed_or_whose_format_is_not_a_literal_stays_as_written()
    {
        const string source = "a = string.format(\"%d %d\", f())\nb = string.format(\"%s\", ...)\nc = string.format(fmt, 1)\n"
            + "d = string.format(\"%s\" .. e, 1)\ne = lib.string.format(\"%d\", 1)\nf = string.format(\"%s\", t:name())\ng = string.format \"x\"";
        var rewritten = LuaSourcePrepass.Apply(source);
        Assert.DoesNotContain("__luat_fs51", rewritten);
    }

    [Fact]
    public void Bound_sites_print_what_lua51_prints()
    {
        Assert.Equal(
        [
            "3|2|  2.0|\"a\\rb\"\t2\tx",
            "5 6",
            "v=712a2",
            "2147483648\t 0.33%",
        ], LuaSnippet.Lines("""
            print(string.format("%d|%s|%5.1f|%q", 3.7, 2.0, 2, "a\rb"), string.format("%d", 4/2), string.format("x"))
            local function two() return 5, 6 end
            print(string.format("%d %d", two()))
            print("v=" .. string.format("%d", 7) .. (1 .. 2) .. ("a" .. 4/2))
            print(string.format("%d", 2^31), string.format("%5.2f%%", 1/3))
            """));
    }

    [Fact]
    public void A_script_that_replaces_string_format_or_has_its_own_string_table_still_calls_its_function()
    {
        Assert.Equal(
        [
            "own:%d:1",
            "mine:%d2",
            "false\tchunk:9: attempt to call field 'format' (a nil value)",
            "7",
        ], LuaSnippet.Lines("""
            do
              local string = { format = function(f, a) return "own:" .. f .. ":" .. a end }
              print(string.format("%d", 1))
            end
            local saved = string.format
            string.format = function(f, ...) return "mine:" .. f .. select("#", ...) end
            print(string.format("%d", 1, nil))
            string.format = nil
            print(pcall(function() local s = string.format("%d", 1) return s end))
            string.format = saved
            print(string.format("%d", 7))
            """));
    }

    [Fact]
    public void A_bad_argument_at_a_bound_site_names_the_scripts_line_as_lua51_does()
    {
        Assert.Equal(
        [
            "false\tchunk:1: bad argument #2 to 'format' (number expected, got string)",
            "false\tchunk:2: bad argument #3 to 'format' (no value)",
            "false\tchunk:3: bad argument #2 to 'format' (string expected, got table)",
        ], LuaSnippet.Lines("""
            print(pcall(function() local s = string.format("%d", "x") return s end))
            print(pcall(function() local s = string.format("%s %s", 1) return s end))
            print(pcall(function() local s = string.format("%s", {}) return s end))
            """));
    }

    [Fact]
    public void String_results_are_concatenated_without_the_number_formatter()
    {
        var rewritten = LuaSourcePrepass.Apply("s = a .. string.sub(b, 1, 2) .. string.rep(c, 2) .. (d .. e) .. tostring(f) .. g:sub(1)");
        Assert.DoesNotContain("__luat_s51(string", rewritten);
        Assert.DoesNotContain("__luat_s51((d", rewritten);
        Assert.DoesNotContain("__luat_s51(tostring", rewritten);
        Assert.Contains("__luat_s51(a)", rewritten);
        Assert.Contains("__luat_s51(g:sub(1.0))", rewritten); // a method may be a table's own, returning a number
    }

    [Fact]
    public void Tostring_of_integers_around_the_exponent_threshold_prints_as_lua51()
    {
        // Loop counters stay integers on the 5.4 VM; from 10^14 on 5.1's "%.14g" switches to the exponent form.
        Assert.Equal(
        [
            "99999999999998\t-99999999999998\t99999999999998\t99999999999998",
            "99999999999999\t-99999999999999\t99999999999999\t1e+14",
            "1e+14\t-1e+14\t1e+14\t1e+14",
            "1e+14\t-1e+14\t1e+14\t1e+14",
        ], LuaSnippet.Lines("""
            for i = 99999999999998, 100000000000001 do print(tostring(i), tostring(-i), i .. "", tostring(i + 0.5)) end
            """));
    }
}
