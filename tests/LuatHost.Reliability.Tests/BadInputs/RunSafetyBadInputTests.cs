using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// R3, issue 13's option rows: each wrong value gets one line naming it and what to do, exit 2, never a stack trace;
/// --record never destroys a file by surprise nor writes into the project.
/// </summary>
public sealed class RunSafetyBadInputTests(ITestOutputHelper output)
{
    private static readonly BadInputCase[] Cases =
    [
        new("--for beyond any timer", 2, "--for '1e300h' is out of range",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--for", "1e300h"]),
        new("--for not a number", 2, "--for 'nan' is not a duration",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--for", "nan"]),
        new("--fs naming a file", 2, "is a file; give a folder",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--fs", f.Write("plain.txt", "x")]),
        new("--fs where nothing can be written", 2, "cannot be written",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--fs", "/proc/nope"]),
        new("--port COM3 on Linux", 2, "--port COM3 is a Windows port name",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--port", "COM3"]),
        new("--port naming a regular file", 2, "is a regular file, not a serial device",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--port", f.Write("notaport.txt", "x")]),
        new("--record over the script", 2, "is inside the project folder",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--record", f.Dir("proj/main.lua")]),
        new("--record over the registry", 2, "is inside the project folder",
            f => ["run", BadInputProjects.AliyunProject(f), "--record", f.Dir("aliyun/cloud-registry.json")]),
        new("--record over an existing file", 2, "already exists; pass --force",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--record", f.Write("old-session.txt", "keep me")]),
        new("--max-memory too small", 2, "--max-memory '1kb' is not a size",
            f => ["run", BadInputProjects.LuaProject(f, ""), "--max-memory", "1kb"]),
        new("a script that keeps allocating", 1, "more than 64 MB of Lua memory (--max-memory 64MB)",
            f => ["run", BadInputProjects.LuaProject(f, """
                sys.taskInit(function()
                  local keep = {}
                  while true do keep[#keep + 1] = string.rep("x", 1024 * 1024) .. #keep end
                end)
                """), "--max-memory", "64MB", "--for", "60s"]),
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Run_option_mistake_gives_exit_2_and_one_line(string name)
    {
        if (name.Contains("COM3", StringComparison.Ordinal) && OperatingSystem.IsWindows()) return Task.CompletedTask;
        return BadInputAssertions.RunAsync(Cases.Single(c => c.Name == name), output);
    }

    /// <summary>
    /// `luathost run ~/x.lua` would make the whole home folder `/lua/`, readable by the script: refused before anything
    /// starts. HOME points at a folder of the test's own, so the user's real home is never touched.
    /// </summary>
    [Theory]
    [InlineData("x.lua")]
    [InlineData("")]
    public async Task Run_refuses_the_home_folder_as_project_root(string entry)
    {
        if (OperatingSystem.IsWindows()) return;
        await using var folder = new CaseFolder();
        var home = folder.Dir("home");
        Directory.CreateDirectory(home);
        await File.WriteAllTextAsync(Path.Combine(home, "x.lua"), "print('reached')");
        await File.WriteAllTextAsync(Path.Combine(home, "main.lua"), "print('reached')");
        var target = entry.Length == 0 ? home : Path.Combine(home, entry);
        var result = await CliProcess.RunAsync(["run", target, "--for", "5s"], folder.Path, TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["HOME"] = home });
        Assert.True(result.ExitCode == 2, result.AllOutput);
        Assert.Contains($"{home} cannot be a project folder", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("reached", result.StandardOutput, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(home, ".luathost")), "nothing may be created in the refused folder");
    }

    [Fact]
    public async Task Run_refuses_the_file_system_root_as_project_root()
    {
        await using var folder = new CaseFolder();
        var result = await CliProcess.RunAsync(["run", "/", "--for", "5s"], folder.Path, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 2, result.AllOutput);
        Assert.Contains("/ cannot be a project folder", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Record_with_force_overwrites_and_the_original_survives_without_it()
    {
        await using var folder = new CaseFolder();
        var project = BadInputProjects.LuaProject(folder, "sys.timerStart(function() os.exit(0) end, 100)");
        var old = folder.Write("old-session.txt", "keep me");
        var refused = await CliProcess.RunAsync(["run", project, "--record", old], folder.Path, TimeSpan.FromSeconds(60));
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("keep me", await File.ReadAllTextAsync(old));
        var forced = await CliProcess.RunAsync(["run", project, "--record", old, "--force"], folder.Path, TimeSpan.FromSeconds(60));
        Assert.True(forced.ExitCode == 0, forced.AllOutput);
        Assert.Contains("-> AT", await File.ReadAllTextAsync(old), StringComparison.Ordinal);
    }
}
