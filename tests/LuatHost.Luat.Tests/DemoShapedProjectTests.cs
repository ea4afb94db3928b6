namespace LuatHost.Luat.Tests;

/// <summary>
/// Projects shaped like Luat's demos (main.lua + a test module run from a sys timer) run through
/// the real runner; their output must equal what Debian's lua5.1 printed for the same module
/// (DemoProjects/lua51-shim.lua gives lua5.1 Luat's documented log line shape and runs the timers):
/// <c>cd DemoProjects/NAME &amp;&amp; lua5.1 ../lua51-shim.lua testNAME &gt; expected.txt</c>. Projects that need the
/// module's C libraries (crypto, common's iconv) take their expected lines from published test vectors
/// instead, named at the top of their test module. The json project's oracle is lua5.1 with Debian's lua-cjson
/// 2.1.0, the library Luat's firmware builds in as `json` (the shim adds patch.lua's decode wrapper).
/// </summary>
public sealed class DemoShapedProjectTests
{
    /// <summary>
    /// Luat's nvm.lua (openLuat/Luat_4G_RDA_8910 script_LuaTask/lib/nvm.lua) prints its load trace with print and logs
    /// every set: on the first power-on neither file exists (nil nil, then the defaults are written), on the next one
    /// the live file loads (true nil — save renamed the backup over it) and the values set before are back. Expected
    /// lines follow that source's branches and its log call; `print` of nil and booleans as Lua 5.1 prints them.
    /// </summary>
    [Fact]
    public void Nvm_prints_luats_load_trace_and_keeps_its_values_across_power_ons()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "DemoProjects", "nvm");
        using var project = new LuatTestProject();
        foreach (var file in Directory.GetFiles(folder, "*.lua"))
            project.File(Path.GetFileName(file), File.ReadAllText(file));

        List<string> PowerOn()
        {
            lock (project.Lines) project.Lines.Clear();
            Assert.Equal(0, new LuatProjectRunner(project.Options()).Run().ExitCode);
            return project.Lines.Where(l => l.StartsWith("load ", StringComparison.Ordinal) || l.StartsWith("[I]-[testNvm.", StringComparison.Ordinal)
                || l.StartsWith("[I]-[nvm.", StringComparison.Ordinal)).ToList();
        }

        Assert.Equal(
        [
            "load fExist fBakExist\tnil\tnil",
            "load fResult\tnil",
            "load fBakResult\tnil",
            "[I]-[testNvm.read]\tstr1\t1\tfalse\titem2",
            "[I]-[nvm.set]\ttrue\tnumPara\t2\tPOWERON\tnil",
            "[I]-[nvm.set]\tfalse\tstrPara\tstr1\tSAME\tnil",
            "[I]-[nvm.set]\ttrue\tboolPara\ttrue\tnil\tfalse",
            "[I]-[testNvm.changed]\tnumPara\t2\tPOWERON",
        ], PowerOn());
        Assert.Equal(
        [
            "load fExist fBakExist\ttrue\tnil",
            "load fResult\ttrue",
            "[I]-[testNvm.read]\tstr1\t2\ttrue\titem2",
            "[I]-[nvm.set]\ttrue\tnumPara\t3\tPOWERON\tnil",
            "[I]-[nvm.set]\tfalse\tstrPara\tstr1\tSAME\tnil",
            "[I]-[nvm.set]\tfalse\tboolPara\ttrue\tnil\tfalse",
            "[I]-[testNvm.changed]\tnumPara\t3\tPOWERON",
        ], PowerOn());
    }

    [Theory]
    [InlineData("formatString")]
    [InlineData("crypto")]
    [InlineData("common")]
    [InlineData("json")]
    public void A_demo_shaped_project_prints_what_lua51_printed(string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "DemoProjects", name);
        using var project = new LuatTestProject();
        foreach (var file in Directory.GetFiles(folder, "*.lua"))
            project.File(Path.GetFileName(file), File.ReadAllText(file));
        var result = new LuatProjectRunner(project.Options()).Run();
        Assert.Equal(0, result.ExitCode);
        var expected = File.ReadAllLines(Path.Combine(folder, "expected.txt"));
        var printed = project.Lines.Where(l => !l.StartsWith("[I]-[sys.init]", StringComparison.Ordinal) && !l.Contains("poweron reason", StringComparison.Ordinal)).ToList();
        Assert.Equal(expected, printed);
    }
}
