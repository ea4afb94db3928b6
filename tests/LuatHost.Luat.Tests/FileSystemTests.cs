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
    public void Missing_file_errors_show_the_virtual_path()
    {
        Assert.Equal("nil\t/nothing.txt: No such file or directory\t2", LuaSnippet.Eval("io.open('/nothing.txt')"));
    }
}
