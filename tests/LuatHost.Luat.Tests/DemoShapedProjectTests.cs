namespace LuatHost.Luat.Tests;

/// <summary>
/// Projects shaped like Luat's demos (main.lua + a test module run from a sys timer) run through
/// the real runner; their output must equal what Debian's lua5.1 printed for the same module
/// (DemoProjects/lua51-shim.lua gives lua5.1 Luat's documented log line shape and runs the timers):
/// <c>cd DemoProjects/NAME &amp;&amp; lua5.1 ../lua51-shim.lua testNAME &gt; expected.txt</c>. Projects that need the
/// module's C libraries (crypto, common's iconv) take their expected lines from published test vectors
/// instead, named at the top of their test module.
/// </summary>
public sealed class DemoShapedProjectTests
{
    [Theory]
    [InlineData("formatString")]
    [InlineData("crypto")]
    [InlineData("common")]
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
