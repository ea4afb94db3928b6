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
        const string source = "local a = string.format(\"%d:%s\", x, y)\nprint(string.format('%5.1f', v + 1))\n"
            + "string.format([[%d]], 1)\nreturn string.format(\"%s\", f(x), 2)\nb = string.format(\"%x\", n * 2)\nc = string.format(\"%d\",\n n)";
        var rewritten = LuaSourcePrepass.Apply(source);
        Assert.Equal(source.Count(c => c == '\n'), rewritten.Count(c => c == '\n'));
        // Inline where the value is used, on one line, without calls in the arguments; checks only where 5.1 could differ.
        Assert.Contains("local a = (string.format == __luat_f51 and __luat_int51(x) and __luat_type51(y) == \"string\" and "
            + "__luat_fs51.format(\"%d:%s\", x, y) or __luat_fs51[1](string.format, \"%d:%s\", x, y))", rewritten);
        Assert.Contains("print((string.format == __luat_f51 and __luat_fs51.format('%5.1f', v + 1.0) or __luat_fs51[2](string.format, '%5.1f', v + 1.0)))", rewritten);
        // A statement, an argument with a call, a checked argument that is an expression, a call over two lines: the compiled site.
        Assert.Contains("\n__luat_fs51[3](string.format, [[%d]], 1.0)", rewritten);
        Assert.Contains("return __luat_fs51[4](string.format, \"%s\", f(x), 2.0)", rewritten);
        Assert.Contains("b = __luat_fs51[5](string.format, \"%x\", n * 2.0)", rewritten);
        Assert.Contains("c = __luat_fs51[6](string.format, \"%d\",\n n)", rewritten);
    }

    [Fact]
    public void An_inline_site_checks_no_literal_whose_answer_is_known_and_leaves_quoting_and_escapes_to_the_lua_side()
    {
        var rewritten = LuaSourcePrepass.Apply("a = string.format(\"%s=%d %c\\t\", \"k\", 5, n)\nb = string.format(\"%q\", s)\n"
            + "c = string.format(\"\\37d\", x)\nd = string.format(\"%s\", 5)\ne = string.format(\"%s\", \"a\\x41\")");
        Assert.Contains("a = (string.format == __luat_f51 and __luat_int51(n) and __luat_fs51.format(", rewritten);
        Assert.Contains("b = __luat_fs51[2](", rewritten);
        Assert.Contains("c = __luat_fs51[3](", rewritten); // \37 is "%": only the Lua side reads escapes
        Assert.Contains("d = __luat_fs51[4](", rewritten); // a number for %s: 5.1's "%.14g"
        Assert.Contains("e = __luat_fs51[5](", rewritten); // \x: 5.1 reads "x41", another rewrite
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
            "false\tchunk:5: bad argument #2 to 'format' (number expected, got table)",
            "false\tchunk:6: bad argument #2 to 'format' (number expected, got nil)",
            "false\tchunk:7: bad argument #2 to 'format' (string expected, got table)",
            "false\tchunk:8: bad argument #3 to 'format' (no value)",
            "false\tchunk:9: bad argument #2 to 'format' (number expected, got table)",
        ], LuaSnippet.Lines("""
            print(pcall(function() local s = string.format("%d", "x") return s end))
            print(pcall(function() local s = string.format("%s %s", 1) return s end))
            print(pcall(function() local s = string.format("%s", {}) return s end))
            local n, t, z = 4, {}, nil
            print(pcall(function() local s = string.format("%d", t) return s end))
            print(pcall(function() local s = string.format("%5.1f", z) return s end))
            print(pcall(function() local s = string.format("%s", t) return s end))
            print(pcall(function() local s = string.format("%d %d", n) return s end))
            print(pcall(function() return string.format("%d", t) end))
            """));
    }

    [Fact]
    public void Inline_sites_print_what_lua51_prints()
    {
        Assert.Equal(
        [
            "3|2|  4.0|ff",
            "k=4",
            "[abc] [       abc] [4   ] AB",
            "4\t\"abc\"\t4%",
            "3|-2|4|abc",
        ], LuaSnippet.Lines("""
            local x, y, n, s = 3.7, 2.0, 4, "abc"
            local a = string.format("%d|%s|%5.1f|%x", x, y, n, n * 63.75)
            print(a)
            local b = string.format("%s=%d", "k", n) print(b)
            print(string.format("[%s] [%10s] [%-4d] %c%c", s, s, n, 65, 66.0))
            print(string.format('%d\t"%s"', n, s), string.format([[%d%%]], n))
            local f, g = 3.7, -2.5
            print(string.format("%d|%i|%x|%s", f, g, n, s))
            """));
    }

    [Fact]
    public void An_integer_loop_counter_is_not_checked_for_an_integer_conversion_unless_the_body_may_change_it()
    {
        var rewritten = LuaSourcePrepass.Apply("""
            for i = 1, n do a = string.format("%d:%x", i, i) end
            for i = 1, 2.5, 2 do b = string.format("%d:%s", i, i) end
            for i = 1, n do i = i + 0.5 c = string.format("%d", i) end
            for i = 0.5, n do d = string.format("%d", i) end
            for i = 1, n, 0.5 do e = string.format("%d", i) end
            for i = 1, n do local f = function(i) return string.format("%d", i) end end
            for i = 1, n do x, i = 1, 2 g = string.format("%d", i) end
            for i = 1, n do for i = 1.5, 2 do h = string.format("%d", i) end end
            t[#t + 1] = 1 t[#t + 1.5] = 1 t[2 + 1] = 1 t[#s.list + 1] = 1
            """);
        Assert.Contains("a = (string.format == __luat_f51 and __luat_fs51.format(", rewritten);
        Assert.Contains("b = (string.format == __luat_f51 and __luat_type51(i) == \"string\" and __luat_fs51.format(", rewritten);
        foreach (var site in new[] { "c", "d", "e", "f", "g", "h" })
            Assert.Contains($"{site} = (string.format == __luat_f51 and __luat_int51(i) and", rewritten.Replace("local f = function(i) return", "f ="));
        // The append idiom's 1 stays an integer (the same key, stored on 5.4's integer path); nothing else does.
        Assert.Contains("t[#t + 1] = 1.0 t[#t + 1.5] = 1.0 t[2.0 + 1.0] = 1.0 t[#s.list + 1] = 1.0", rewritten);
        // What lua5.1 printed for the same loops.
        Assert.Equal(["1", "2", "1:1", "2:2", "0", "1", "-1\t-3", "-1\t-2", "0\t-1", "3\t6\t4\t1"], LuaSnippet.Lines("""
            for i = 1, 2 do i = i + 0.5 local s = string.format("%d", i) print(s) end
            for i = 1, 2.5, 1 do local s = string.format("%d:%s", i, i) print(s) end
            for i = 0.5, 2 do local s = string.format("%d", i) print(s) end
            for i = -3, -1 do local f = function(i) return string.format("%d", i) end print(f(i / 2), string.format("%d", i)) end
            local t = {}
            for i = 1, 3 do t[#t + 1] = i * 2 end
            print(#t, t[3], next({[#t + 1] = 1}))
            """));
    }

    [Fact]
    public void A_literal_key_stays_an_integer_unless_5_1_would_have_rounded_it()
    {
        var rewritten = LuaSourcePrepass.Apply("a = t[1] t[2] = 3 u = {[3] = 4, 5} v = t[0x10] w = t[9007199254740993] x = t[1.5] y = t[-1] z = t[1 + 1]");
        Assert.Contains("a = t[1] t[2] = 3.0 u = {[3] = 4.0, 5.0} v = t[0x10p0] w = t[9007199254740993.0] x = t[1.5] y = t[-1.0] z = t[1.0 + 1.0]", rewritten);
        // What lua5.1 printed for the same keys (lua5.4 prints nil for the third: its integer key is not 2^53).
        Assert.Equal(["a\tb\tc\t2", "1\tx\t0.5", "20\t1"], LuaSnippet.Lines("""
            local t = {}
            t[1] = "a" t[2.0] = "b" t[9007199254740993] = "c"
            print(t[1.0], t[2], t[9007199254740992], #t)
            for k, v in pairs({[1] = "x"}) do print(k, v, k / 2) end
            print(({10, 20})[2], select("#", t[3]))
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
    public void A_local_that_only_ever_holds_text_is_concatenated_without_the_number_formatter()
    {
        var rewritten = LuaSourcePrepass.Apply("""
            local s = "" for i = 1, 9 do s = s .. i end
            local a = "" a = a .. 1 a = 5
            local d = "" if x then d = d .. "y" else local d = 2 end
            local e = "" e, f = 1, 2
            local g = "" h = g .. "!"
            """);
        Assert.Contains("s = s .. __luat_s51(i)", rewritten);
        Assert.Contains("h = g .. \"!\"", rewritten);
        // Assigned a number, declared again in its scope, assigned in a list: wrapped as before.
        Assert.Contains("a = __luat_s51(a) .. 1", rewritten);
        Assert.Contains("d = __luat_s51(d) .. \"y\"", rewritten);
        Assert.Equal(["2\t0.511.52\t9.007199254741e+15|2"], LuaSnippet.Lines("""
            local s = ""
            for i = 1, 4 do s = s .. i / 2 end
            local t = "" t = t .. 2^53 .. "|" .. 4/2
            local u = "" u = 4/2 print(u .. "", s, t)
            """)); // as lua5.1 printed it
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
