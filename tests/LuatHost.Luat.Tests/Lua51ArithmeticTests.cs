using LuatHost.Luat.Compat;

namespace LuatHost.Luat.Tests;

/// <summary>
/// Arithmetic as Luat's Lua 5.1 did it. Expected values are what Debian's lua5.1 (5.1.5) printed for
/// the same lines; 5.4 prints several of them differently (its float `%` is C's fmod).
/// </summary>
public sealed class Lua51ArithmeticTests
{
    [Fact]
    public void Modulo_gives_what_lua51_gives_for_large_quotients_and_infinities()
    {
        Assert.Equal(
        [
            "1358247936",
            "-nan\t-nan\t-0.5\t2\t-2\t2\t0",
            "2\t2\t2\t3\t3\t2\t1\t5.3333333333333",
            "v=2/3",
        ], LuaSnippet.Lines("""
            local x, m = 12345, 2147483648
            for i = 1, 3 do x = (x * 1103515245 + 12345) % m end
            print(x)
            print(5 % math.huge, -5 % math.huge, 5.5 % -2, -7 % 3, 7 % -3, 2^53 % 3, 1e300 % 7)
            local t = { n = 17, k = { 5 } }
            print(t.n % 5, t.k[1] % 3, #"hello" % 3, -t.n % 4, 2 ^ 3 % 5, 10 % 2 ^ 3, 3 * 7 % 4, 100 / 3 % 7)
            print("v=" .. t.n % 5 .. "/" .. 7 % 4)
            """));
    }

    [Fact]
    public void Modulo_of_a_nil_names_the_variable_as_lua51_does()
    {
        var (outcome, _) = LuaSnippet.Run("local y\nlocal z = y % 2");
        Assert.False(outcome.Succeeded);
        Assert.Contains("chunk:2: attempt to perform arithmetic on local 'y' (a nil value)", outcome.Error);
    }

    [Fact]
    public void Modulo_with_a_call_or_a_plain_variable_on_the_left_is_left_to_the_vm_and_no_line_moves()
    {
        // A call evaluated twice could have side effects: only side-effect-free operands are rewritten.
        const string source = "local a = f(x) % 3\nlocal b = t[i] * 2 % n\nlocal c = s:len() % 2\nlocal d = (x\n+ 1) % 2\nlocal e = t % 2";
        var rewritten = LuaSourcePrepass.Apply(source);
        Assert.Equal(source.Count(c => c == '\n'), rewritten.Count(c => c == '\n'));
        Assert.Contains("f(x) % 3.0", rewritten);
        Assert.Contains("s:len() % 2.0", rewritten);
        Assert.Contains("(x\n+ 1.0) % 2.0", rewritten);
        Assert.Contains("t % 2.0", rewritten); // a table with __mod: the VM's own %
        Assert.Contains("local b = t[i] * 2.0 ; b = b - b // (n) * ( n)", rewritten);
    }

    [Fact]
    public void A_statement_that_is_only_a_modulo_computes_its_left_operand_once()
    {
        const string source = "x = (x * 3 + 1) % m\nlocal y = x * 7 % 4\nlocal w = w * 5 % w\nt = { a = x * 3 % 4; b = 2 }\n"
            + "g.k = x * 5 % 3\nc, d = 1, x * 2 % 3\nfor i = x * 2 % 5, 10 do end\nf(function() v = v * 5 % 3 end)";
        var rewritten = LuaSourcePrepass.Apply(source);
        Assert.Equal(source.Count(c => c == '\n'), rewritten.Count(c => c == '\n'));
        Assert.Contains("do local __luat_m51 = (x * 3.0 + 1.0) ; x = __luat_m51 - __luat_m51 // (m) * ( m) end", rewritten);
        Assert.Contains("local y = x * 7.0 ; y = y - y // (4.0) * ( 4.0)", rewritten);
        // B reads the name being declared, a table field, a field target, a list, a for header, a statement in brackets:
        // each keeps the expression form.
        Assert.Contains("local w = ((w * 5.0 ) - (w * 5.0) // (w) * ( w))", rewritten);
        Assert.Contains("{ a = ((x * 3.0 ) - (x * 3.0) // (4.0) * ( 4.0)); b = 2.0 }", rewritten);
        Assert.Contains("g.k = ((x * 5.0 ) - (x * 5.0) // (3.0) * ( 3.0))", rewritten);
        Assert.Contains("c, d = 1.0, ((x * 2.0 ) - (x * 2.0) // (3.0) * ( 3.0))", rewritten);
        Assert.Contains("for i = ((x * 2 ) - (x * 2) // (5) * ( 5)), 10 do", rewritten);
        Assert.Contains("v = ((v * 5.0 ) - (v * 5.0) // (3.0) * ( 3.0))", rewritten);
        // What lua5.1 printed for the same statements.
        Assert.Equal(["0", "2\t2\t1\t2\t1\t1\t2\t4\t1"], LuaSnippet.Lines("""
            local x, m = 7, 10
            x = (x * 3 + 1) % m
            local y = x * 7 % 4
            local w = 9
            do local w = w * 5 % w print(w) end
            z = (x + 1) % x
            local t = { a = x * 3 % 4; b = 2 }
            local g = {}
            g.k = x * 5 % 3
            local c, d = 1, -x * 2 % 3
            local n = 0
            for i = 1, 5 do n = (n * 31 + i) % 7 end
            print(x, y, z, t.a, g.k, c, d, n, -7.5 * 2 % 4)
            """));
    }

    [Fact]
    public void Concat_and_format_print_whole_floats_and_fractions_as_lua51()
    {
        // The native functions run when nothing needs 5.1's form; these lines need it in every argument position.
        Assert.Equal(
        [
            "1,2.5,2,x.0\t23\ta, 2\t1.0-b",
            "3|  2.0|s|ff|A|2\t-2\t2147483648 9.007199254741e+15",
        ], LuaSnippet.Lines("""
            print(table.concat({1, 2.5, 4/2, "x.0"}, ","), table.concat({4/2, 3}), table.concat({"a", 6/3}, ", "), table.concat({"1.0", "b"}, "-"))
            print(string.format("%d|%5.1f|%s|%x|%c|%s", 3.7, 2, "s", 255.0, 65, 4/2), string.format("%d", -2.5), string.format("%i %s", 2^31, 2^53))
            """));
    }
}
