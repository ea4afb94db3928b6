using LuatHost.Luat.Compat;

namespace LuatHost.Luat.Tests;

public sealed class CompatTests
{
    [Fact]
    public void Module_creates_the_global_and_makes_later_global_functions_members()
    {
        using var project = new LuatTestProject();
        project.File("testMod.lua", """
            module(..., package.seeall)
            counter = 1
            function hello(name) return "hello " .. name .. " " .. counter end
            local function hidden() end
            """);
        var result = project.Run("""
            require "testMod"
            print(type(testMod), testMod.hello("x"), testMod._NAME, testMod._M == testMod, hello, counter)
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["table\thello x 1\ttestMod\ttrue\tnil\tnil"], project.Lines);
    }

    [Fact]
    public void Module_members_see_globals_through_package_seeall()
    {
        Assert.Equal(["7"], LuaSnippet.Lines("""
            SHARED = 7
            package.preload.m = function(...) module(..., package.seeall) function get() return SHARED end end
            require "m"
            print(m.get())
            """));
    }

    [Fact]
    public void Lua51_names_exist()
    {
        Assert.Equal("function\tfunction\tfunction\tfunction\tfunction\tfunction\t8\t3",
            LuaSnippet.Eval("type(unpack), type(string.gfind), type(loadstring), type(math.pow), type(math.mod), type(table.getn), math.pow(2, 3), table.getn({1,2,3})"));
    }

    [Fact]
    public void Continue_statement_jumps_to_the_next_iteration()
    {
        Assert.Equal(["1", "3", "a", "c", "done"], LuaSnippet.Lines("""
            for i = 1, 3 do
              local skip = i == 2
              if skip then continue end
              print(i)
            end
            local t = { "a", "b", "c" }
            local i = 0
            while i < #t do
              i = i + 1
              if t[i] == "b" then continue end
              print(t[i])
            end
            print("done")
            """));
    }

    [Fact]
    public void Continue_as_a_name_is_left_alone()
    {
        const string source = "local t = { continue = 1 } t.continue = 2 print(t.continue)";
        Assert.Equal(source, ContinuePrepass.Apply(source));
    }

    [Fact]
    public void Continue_prepass_keeps_line_numbers()
    {
        var source = "for i=1,2 do\n  if i then continue end\n  x = 'continue'\nend\nerror('here')\n";
        var rewritten = ContinuePrepass.Apply(source);
        Assert.Equal(source.Count(c => c == '\n'), rewritten.Count(c => c == '\n'));
        Assert.Contains("goto continue_1", rewritten);
        Assert.Contains("'continue'", rewritten);
    }

    [Fact]
    public void Host_functions_raise_errors_at_the_callers_line()
    {
        var (outcome, _) = LuaSnippet.Run("\n\nbit.band({})");
        Assert.False(outcome.Succeeded);
        Assert.Contains("chunk:3: bad argument #1 to 'bit.band'", outcome.Error);
    }

    [Fact]
    public void Json_decode_is_the_patched_form_with_integers_and_null()
    {
        Assert.Equal("true\t1\tmath.type=integer\ttrue\t2.5", LuaSnippet.Eval(
            "(function() local t, ok = json.decode('{\"qos\":1,\"n\":null,\"f\":2.5}') return ok, t.qos, 'math.type=' .. math.type(t.qos), t.n == json.null, t.f end)()"));
        Assert.Equal("table\tfalse\ttrue", LuaSnippet.Eval("(function() local t, ok, err = json.decode('{bad') return type(t), ok, err ~= nil end)()"));
    }

    [Fact]
    public void Json_decode_of_a_non_string_is_the_patched_failure_not_an_error()
    {
        // patch.lua wraps cjson's decode in pcall, so even its argument check comes back as ({}, false, err).
        Assert.Equal("table\tfalse\ttrue", LuaSnippet.Eval(
            "(function() local t, ok, err = json.decode(nil) return type(t), ok, type(err) == 'string' end)()"));
    }

    [Fact]
    public void Json_decode_passes_string_bytes_through_like_cjson()
    {
        // cjson does not validate UTF-8: GBK or binary bytes inside a JSON string come back unchanged.
        Assert.Equal("true\t255\t254\t2\tA\u00e9\"", LuaSnippet.Eval(
            """(function() local t, ok = json.decode('{"k\\u0041":"\255\254","e":"A\\u00e9\\""}') return ok, t.kA:byte(1), t.kA:byte(2), #t.kA, t.e end)()"""));
    }

    [Fact]
    public void Json_encode_follows_cjson()
    {
        Assert.Equal("""{}	[1,2,"a\/b"]	{"id":1,"params":{"version":"1.0"}}	[true,null]""", LuaSnippet.Eval(
            "json.encode({}), json.encode({1, 2.0, 'a/b'}), json.encode({id=1, params={version='1.0'}}), json.encode({true, json.null})").Replace("{\"params\":{\"version\":\"1.0\"},\"id\":1}", "{\"id\":1,\"params\":{\"version\":\"1.0\"}}"));
    }
}
