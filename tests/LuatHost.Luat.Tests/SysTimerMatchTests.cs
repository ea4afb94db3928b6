namespace LuatHost.Luat.Tests;

/// <summary>
/// How sys.timerStop / timerIsActive / timerStart find "the same timer": the callback with `==` and the args
/// element by element with `==` over `#args` (openLuat Luat_4G_RDA_8910, script_LuaTask/lib/sys.lua: the
/// `v == val` test and cmpTable). Under Lua 5.1, which Luat runs, numbers are doubles (3 == 3.0), strings are
/// equal by bytes, booleans by value, functions and tables by identity, NaN equals nothing, and `#` of an args
/// table ignores trailing nils. The C# face has no args, so this table is the Lua face's alone; the rest of the
/// rule runs through both faces in tests/LuatHost.EndToEnd.Tests/MessageTimerFacesTests.cs.
/// </summary>
public sealed class SysTimerMatchTests
{
    private const string Header = LuatProjectHeader.Sys + "local f = function() end\n";

    public static TheoryData<string, string, string> Cases() => new()
    {
        // Here literals are floats (5.1's numbers) but tonumber('3') and timer ids are 5.4 integers: both must meet.
        { "an integer arg matches the same float", "sys.timerStart(f, 1000, tonumber('3')) print(sys.timerIsActive(f, 6 / 2), sys.timerIsActive(f, 3))", "true\ttrue" },
        { "a float arg matches the same integer", "sys.timerStart(f, 1000, 6 / 2) print(sys.timerIsActive(f, tonumber('3')))", "true" },
        { "a string arg matches an equal string built elsewhere", "local a = 'a' sys.timerStart(f, 1000, a .. 'b') print(sys.timerIsActive(f, 'ab'))", "true" },
        { "binary strings compare by their bytes", "sys.timerStart(f, 1000, '\\0\\255') print(sys.timerIsActive(f, '\\0\\255'), sys.timerIsActive(f, '\\0\\254') == nil)", "true\ttrue" },
        { "a table arg matches only the same table", "local t = {} sys.timerStart(f, 1000, t) print(sys.timerIsActive(f, t), sys.timerIsActive(f, {}) == nil)", "true\ttrue" },
        { "a function arg matches only the same function", "sys.timerStart(f, 1000, print) print(sys.timerIsActive(f, print), sys.timerIsActive(f, tostring) == nil)", "true\ttrue" },
        { "false is an arg, not a missing one", "sys.timerStart(f, 1000, false) print(sys.timerIsActive(f, false), sys.timerIsActive(f) == nil)", "true\ttrue" },
        { "trailing nils are not args", "sys.timerStart(f, 1000, 1, nil, nil) print(sys.timerIsActive(f, 1), sys.timerIsActive(f, 1, nil))", "true\ttrue" },
        { "a nil between args is kept in its place", "sys.timerStart(f, 1000, nil, 2) print(sys.timerIsActive(f, nil, 2), sys.timerIsActive(f, 2) == nil)", "true\ttrue" },
        { "more or fewer args do not match", "sys.timerStart(f, 1000, 1, 2) print(sys.timerIsActive(f, 1) == nil, sys.timerIsActive(f, 1, 2, 3) == nil)", "true\ttrue" },
        { "another callback with the same args does not match", "sys.timerStart(f, 1000, 1) print(sys.timerIsActive(function() end, 1) == nil)", "true" },
        {
            "a NaN arg matches nothing, so starting it again adds a second timer",
            "local nan = 0/0 local a = sys.timerStart(f, 1000, nan) local b = sys.timerStart(f, 1000, nan) "
                + "print(a ~= b, sys.timerIsActive(a) == f, sys.timerIsActive(b) == f, sys.timerIsActive(f, nan) == nil)",
            "true\ttrue\ttrue\ttrue"
        },
        {
            "starting the same callback and args again stops the earlier timer",
            "local a = sys.timerStart(f, 1000, 'x', 2) local b = sys.timerStart(f, 1000, 'x', tonumber('2')) print(a ~= b, sys.timerIsActive(a), sys.timerIsActive(b) == f)",
            "true\tnil\ttrue"
        },
        {
            "stopping by callback and args stops only the matching timer",
            "local a = sys.timerStart(f, 1000, 1) local b = sys.timerStart(f, 1000, 2) sys.timerStop(f, tonumber('2')) print(sys.timerIsActive(a) == f, sys.timerIsActive(b))",
            "true\tnil"
        },
        {
            "the callback form answers nothing when no timer matches, the id form one nil",
            "print(select('#', sys.timerIsActive(f, 9)), select('#', sys.timerIsActive(0x30000000)))",
            "0\t1"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Timers_match_by_callback_and_args_as_luat_compares_them(string behaviour, string code, string expected)
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + code + "\nos.exit(0)\n", restart: false);
        Assert.True(result.ExitCode == 0, $"{behaviour}: {result.Error}");
        Assert.Equal([expected], project.Lines);
    }
}
