namespace LuatHost.Luat.Tests;

public sealed class FileSystemTests
{
    [Fact]
    public void Files_written_under_root_land_in_the_device_data_folder()
    {
        using var project = new LuatTestProject();
        var result = project.Run("""
            require "utils"
            io.writeFile("/para.txt", "v=1")
            print(io.readFile("/para.txt"), io.exists("/lua/main.lua"), io.fileSize("/para.txt"))
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["v=1\ttrue\t3"], project.Lines);
        Assert.Equal("v=1", File.ReadAllText(Path.Combine(project.DataDirectory, "para.txt")));
    }

    [Fact]
    public void Io_opendir_lists_a_device_folder_as_demo_sdcard_walks_it_and_nothing_outside()
    {
        var lines = LuaSnippet.Lines("""
            require "utils"
            rtos.make_dir("/d")
            rtos.make_dir("/d/sub")
            io.writeFile("/d/a.txt", "abc")
            print(io.opendir("/d"))
            for _ = 1, 3 do print(io.readdir()) end
            print(io.closedir(), io.readdir())
            print(io.opendir("/sdcard0"), io.opendir("/../.."), io.readdir())
            """);
        Assert.Equal(["true", "32\ta.txt\t3", "16\tsub\t0", "nil", "true\tnil", "false\tfalse\tnil"], lines);
    }

    [Fact]
    public void A_path_escaping_the_device_is_refused_with_its_name()
    {
        var (outcome, _) = LuaSnippet.Run("\nio.open('/lua/../../secret.txt', 'r')");
        Assert.False(outcome.Succeeded);
        Assert.Contains("chunk:2: path '/lua/../../secret.txt' is outside the device file system", outcome.Error);
        var (remove, _) = LuaSnippet.Run("os.remove('../x')");
        Assert.Contains("'../x' is outside the device file system", remove.Error);
    }

    [Fact]
    public void Os_execute_and_io_popen_are_absent_unless_unsafe()
    {
        Assert.Equal("nil\tnil\tnil", LuaSnippet.Eval("rawget(os, 'execute'), rawget(io, 'popen'), rawget(package, 'loadlib')"));
        var (refused, _) = LuaSnippet.Run("os.execute('ls')");
        Assert.Contains("chunk:1: os.execute is not available: scripts stay inside the device; run luathost with --unsafe to allow it", refused.Error);
        var (popen, _) = LuaSnippet.Run("local f = io.popen('ls')");
        Assert.Contains("io.popen is not available", popen.Error);
        var (_, lines) = LuaSnippet.Run("print(type(os.execute), type(io.popen))", unsafeMode: true);
        Assert.Equal(["function\tfunction"], lines);
    }

    [Fact]
    public void Precompiled_chunks_are_refused_unless_unsafe()
    {
        // Unverified bytecode can escape the VM; text chunks (with or without an env) still load.
        Assert.Equal("nil\ttrue\t1\t5\t7", LuaSnippet.Eval(
            "(function() local f, err = load(string.dump(function() return 1 end)) " +
            "return f, err:find('binary chunk', 1, true) ~= nil, load('return 1')(), load('return x', 'n', 'bt', {x = 5})(), loadstring('return 7')() end)()"));
        var (fromFile, _) = LuaSnippet.Run(
            "local f = io.open('/code.bin', 'wb') f:write(string.dump(function() return 1 end)) f:close() dofile('/code.bin')");
        Assert.False(fromFile.Succeeded);
        Assert.Contains("binary chunk", fromFile.Error);
        var (_, lines) = LuaSnippet.Run("print(load(string.dump(function() return 1 end))())", unsafeMode: true);
        Assert.Equal(["1"], lines);
    }

    [Fact]
    public void The_raw_io_functions_cannot_be_reached_through_debug_unless_unsafe()
    {
        // With debug.getupvalue a script could take the unconfined io.open out of the wrapper.
        Assert.Equal("nil\tnil\tnil\ttrue\tfunction\tnil", LuaSnippet.Eval(
            "debug.getupvalue, debug.setupvalue, debug.getregistry, require('debug') == debug, type(debug.traceback), os.getenv('PATH')"));
        var (_, lines) = LuaSnippet.Run("print(type(debug.getupvalue), type(os.getenv('PATH')))", unsafeMode: true);
        Assert.Equal(["function\tstring"], lines);
    }

    [Fact]
    public void Remove_dir_never_deletes_the_project_or_the_data_folder()
    {
        using var project = new LuatTestProject();
        var result = project.Run("""
            rtos.make_dir("/d/e")
            print(rtos.remove_dir("/lua"), rtos.remove_dir("/lua/.."), rtos.remove_dir("/"), rtos.remove_dir("/d"))
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["false\tfalse\tfalse\ttrue"], project.Lines);
        Assert.True(File.Exists(Path.Combine(project.ProjectDirectory, "main.lua")));
        Assert.True(Directory.Exists(project.DataDirectory));
        Assert.False(Directory.Exists(Path.Combine(project.DataDirectory, "d")));
    }

    [Fact]
    public void Path_info_takes_the_extension_from_the_first_dot_like_luat()
    {
        var lines = LuaSnippet.Lines("""
            require "utils"
            for _, p in ipairs({ "/lua/a.tar.gz", "/.cfg", "/dir.d/file", "x" }) do
              local i = io.pathInfo(p)
              print(i.dirname, i.filename, i.basename, i.extname)
            end
            """);
        Assert.Equal(["/lua/\ta.tar.gz\ta\t.tar.gz", "/\t.cfg\t\t.cfg", "/dir.d/\tfile\tfile\t", "\tx\tx\t"], lines);
    }

    [Fact]
    public void Missing_file_errors_show_the_virtual_path()
    {
        Assert.Equal("nil\t/nothing.txt: No such file or directory\t2", LuaSnippet.Eval("io.open('/nothing.txt')"));
        var (lines, _) = LuaSnippet.Run("\nfor l in io.lines('/nothing.txt') do end");
        Assert.False(lines.Succeeded);
        Assert.Contains("chunk:2: cannot open file '/nothing.txt' (No such file or directory)", lines.Error);
        Assert.DoesNotContain("device", lines.Error);
    }
}
