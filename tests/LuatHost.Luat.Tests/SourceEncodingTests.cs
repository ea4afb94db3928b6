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
        Assert.Contains("--console-encoding: unknown encoding 'latin9'", Assert.Throws<ArgumentException>(() => LuaTextDecoder.Parse("latin9")).Message);
        Assert.Contains("--encoding: unknown encoding 'big5'", Assert.Throws<ArgumentException>(() => LuaTextDecoder.Parse("big5", "--encoding")).Message);
    }

    // "时" in GBK is CA B1, which is also valid UTF-8 ("ʱ"): only knowing the file's encoding shows it right.
    private const string GbkAlsoUtf8 = "时";

    [Fact]
    public void A_project_detected_as_gbk_shows_gbk_strings_that_are_also_valid_utf8_as_gbk()
    {
        using var project = new LuatTestProject();
        File.WriteAllBytes(Path.Combine(project.ProjectDirectory, "main.lua"),
            [.. LuaTextDecoder.Gbk.GetBytes($"print(\"{GbkAlsoUtf8}\", #\"{GbkAlsoUtf8}\")\nprint(\"温度\")\nos.exit(0)\n")]);
        var result = new LuatProjectRunner(project.Options()).Run();
        Assert.Equal(0, result.ExitCode);
        Assert.Equal([$"{GbkAlsoUtf8}\t2", "温度"], project.Lines);
    }

    [Fact]
    public void Encoding_gbk_declares_the_files_gbk_when_detection_cannot_tell()
    {
        using var project = new LuatTestProject();
        File.WriteAllBytes(Path.Combine(project.ProjectDirectory, "main.lua"),
            [.. LuaTextDecoder.Gbk.GetBytes($"print(\"{GbkAlsoUtf8}\")\nos.exit(0)\n")]);
        var options = project.Options();
        new LuatProjectRunner(options).Run();
        new LuatProjectRunner(new LuatRunOptions
        {
            ProjectDirectory = options.ProjectDirectory, DataDirectory = options.DataDirectory, Output = options.Output,
            SourceEncoding = LuaTextDecoder.Parse("gbk", "--encoding"),
        }).Run();
        Assert.Equal(["ʱ", GbkAlsoUtf8], project.Lines);
    }
}
