using System.Text;
using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Tests;

/// <summary>Script files as the module reads them: BOM skipped, GBK bytes kept, shown readably.</summary>
public sealed class SourceEncodingTests
{
    [Fact]
    public void A_utf8_bom_is_skipped_in_the_main_file_and_in_modules()
    {
        using var project = new LuatTestProject();
        var bom = new byte[] { 0xEF, 0xBB, 0xBF };
        File.WriteAllBytes(Path.Combine(project.ProjectDirectory, "mod.lua"), [.. bom, .. Encoding.UTF8.GetBytes("module(..., package.seeall)\nfunction hi() return 'hi' end\n")]);
        File.WriteAllBytes(Path.Combine(project.ProjectDirectory, "main.lua"), [.. bom, .. Encoding.UTF8.GetBytes("require 'mod'\nprint(mod.hi())\nos.exit(0)\n")]);
        var result = new LuatProjectRunner(project.Options()).Run();
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["hi"], project.Lines);
    }

    [Fact]
    public void A_gbk_script_keeps_its_bytes_and_prints_readably_by_default_or_as_asked()
    {
        using var project = new LuatTestProject();
        var gbk = LuaTextDecoder.Gbk;
        File.WriteAllBytes(Path.Combine(project.ProjectDirectory, "main.lua"),
            [.. gbk.GetBytes("require 'log'\nlocal s = \"中文\"\nprint(#s, s)\nlog.info(\"tag\", s)\nos.exit(0)\n")]);
        var result = new LuatProjectRunner(project.Options()).Run();
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["4\t中文", "[I]-[tag]\t中文"], project.Lines);
    }

    [Fact]
    public void Console_encoding_names_are_checked()
    {
        Assert.Null(LuaTextDecoder.Parse("auto"));
        Assert.Equal(936, LuaTextDecoder.Parse("gbk")!.CodePage);
        Assert.Contains("unknown console encoding 'latin9'", Assert.Throws<ArgumentException>(() => LuaTextDecoder.Parse("latin9")).Message);
    }
}
