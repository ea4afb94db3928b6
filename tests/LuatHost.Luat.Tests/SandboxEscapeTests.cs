namespace LuatHost.Luat.Tests;

/// <summary>The escapes of issue 13's table, each tried the way the report did it; each must be refused.</summary>
public sealed class SandboxEscapeTests
{
    [Fact]
    public void The_reader_form_of_load_cannot_reach_the_raw_loader()
    {
        // The report's chunk: the reader took the C load off the stack and ran string.dump output with it.
        var (outcome, lines) = LuaSnippet.Run("""
            local raw
            local f, err = load(function() raw = debug.getinfo(2, "f").func end)
            print(raw == nil, type(f))
            local pieces = { "return ", "4", "2" }
            print(load(function() return table.remove(pieces, 1) end)())
            print(load(function() return 1 end))
            local dumped = string.dump(function() return 1 end)
            local once = false
            print(load(function() if once then return nil end once = true return dumped end))
            """);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("true\tfunction", lines[0]);
        Assert.Equal("42", lines[1]);
        Assert.Equal("nil\treader function must return a string", lines[2]);
        Assert.StartsWith("nil\t", lines[3]);
        Assert.Contains("binary chunk", lines[3]);
    }

    [Fact]
    public void Getinfo_never_hands_out_a_function_unless_unsafe()
    {
        Assert.Equal("nil\tnil\tLua", LuaSnippet.Eval(
            "debug.getinfo(1, 'f').func, debug.getinfo(print).func, debug.getinfo(1, 'S').what"));
        var (_, lines) = LuaSnippet.Run("print(type(debug.getinfo(1, 'f').func))", unsafeMode: true);
        Assert.Equal(["function"], lines);
    }

    [Fact]
    public void Loadfile_from_standard_input_takes_text_only()
    {
        // Without a path loadfile reads stdin; it must not be a back door for bytecode either.
        var (outcome, _) = LuaSnippet.Run("assert(select('#', loadfile(nil)) >= 1)");
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    [Fact]
    public void A_symbolic_link_in_the_project_does_not_lead_out()
    {
        using var project = new LuatTestProject();
        var outside = Path.Combine(Path.GetTempPath(), "luathost-tests", "outside-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(outside);
        try
        {
            File.WriteAllText(Path.Combine(outside, "passwd"), "root:x:0:0");
            Directory.CreateSymbolicLink(Path.Combine(project.ProjectDirectory, "rootlink"), outside);
            File.CreateSymbolicLink(Path.Combine(project.DataDirectory, "datalink"), Path.Combine(outside, "passwd"));
            Directory.CreateSymbolicLink(Path.Combine(project.DataDirectory, "dirlink"), outside);
            var result = project.Run("""
                print(pcall(io.open, "/lua/rootlink/passwd"))
                print(pcall(io.open, "/datalink"))
                print(pcall(io.open, "/dirlink/new.txt", "w"))
                print(pcall(io.lines, "/dirlink/passwd"))
                os.exit(0)
                """);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(4, project.Lines.Count);
            Assert.All(project.Lines, line => Assert.StartsWith("false\t", line));
            Assert.All(project.Lines, line => Assert.Contains("is outside the device file system", line));
            Assert.False(File.Exists(Path.Combine(outside, "new.txt")));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    [Fact]
    public void A_link_that_stays_inside_the_device_still_works()
    {
        using var project = new LuatTestProject();
        Directory.CreateDirectory(Path.Combine(project.DataDirectory, "real"));
        File.WriteAllText(Path.Combine(project.DataDirectory, "real", "a.txt"), "inside");
        Directory.CreateSymbolicLink(Path.Combine(project.DataDirectory, "alias"), "real");
        var result = project.Run("""
            local f = io.open("/alias/a.txt") print(f:read("a")) f:close()
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["inside"], project.Lines);
    }

    [Fact]
    public void The_project_folder_is_read_only_and_its_dot_folders_are_invisible()
    {
        using var project = new LuatTestProject();
        project.File(".git/config", "[core]");
        project.File("flow.csx", "// untouched");
        var result = project.Run("""
            print(pcall(io.open, "/lua/.git/config", "a"))
            print(io.open("/lua/.git/config"))
            print(pcall(io.open, "/lua/flow.csx", "w"))
            print(pcall(io.open, "/lua/new.lua", "w"))
            print(pcall(os.remove, "/lua/flow.csx"))
            print(pcall(os.rename, "/lua/flow.csx", "/stolen.csx"))
            print(pcall(rtos.remove_dir, "/lua/.git/objects"))
            print(pcall(rtos.make_dir, "/lua/d"))
            print(io.open("/lua/flow.csx"):read("a"))
            os.exit(0)
            """);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal("nil\t/lua/.git/config: No such file or directory\t2", project.Lines[1]);
        foreach (var line in project.Lines.Take(1).Concat(project.Lines.Skip(2).Take(6)))
        {
            Assert.StartsWith("false\t", line);
            Assert.Contains("read-only", line);
        }
        Assert.Equal("// untouched", project.Lines[8]);
        Assert.Equal("[core]", File.ReadAllText(Path.Combine(project.ProjectDirectory, ".git", "config")));
        Assert.False(File.Exists(Path.Combine(project.ProjectDirectory, "new.lua")));
    }

    [Fact]
    public void A_home_folder_or_a_drive_root_cannot_be_the_project()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var refused = Assert.Throws<ArgumentException>(() => FileSystem.VirtualFileSystem.CheckProjectRoot(home));
        Assert.Contains("cannot be a project folder", refused.Message);
        Assert.Throws<ArgumentException>(() => FileSystem.VirtualFileSystem.CheckProjectRoot(Path.GetPathRoot(Path.GetTempPath())!));
        FileSystem.VirtualFileSystem.CheckProjectRoot(Path.Combine(home, "project"));
    }

    [Fact]
    public void Searchpath_answers_only_inside_the_device()
    {
        using var project = new LuatTestProject();
        project.File("mod.lua", "return 1");
        var result = project.Run("""
            print(package.searchpath("shadow", "/etc/?"))
            print(package.searchpath("passwd", "/../../../../../../etc/?"))
            print(package.searchpath("mod", "/lua/?.lua"))
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("nil\t\n\tno file '/etc/shadow'", project.Lines[0]);
        Assert.StartsWith("nil\t", project.Lines[1]);
        Assert.Equal("/lua/mod.lua", project.Lines[2]);
    }
}
