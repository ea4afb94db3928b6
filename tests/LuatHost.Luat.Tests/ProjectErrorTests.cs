namespace LuatHost.Luat.Tests;

public sealed class ProjectErrorTests
{
    [Fact]
    public void A_syntax_error_names_file_and_line_and_fails_the_run()
    {
        using var project = new LuatTestProject();
        var result = project.Run("PROJECT = 'X'\nlocal = 1\n");
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"main\.lua:2:", result.Error);
    }

    [Fact]
    public void A_syntax_error_in_a_required_module_names_that_file()
    {
        using var project = new LuatTestProject();
        project.File("broken.lua", "module(..., package.seeall)\n\nfunction f( end\n");
        var result = project.Run("require 'broken'");
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"broken\.lua:3:", result.Error);
    }

    [Fact]
    public void An_unknown_module_names_itself_and_the_places_searched()
    {
        using var project = new LuatTestProject();
        var result = project.Run("require 'nosuch'");
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("module 'nosuch' not found", result.Error);
        Assert.Contains("/lua/nosuch.lua", result.Error);
        Assert.Contains("no built-in module 'nosuch'", result.Error);
    }

    [Fact]
    public void A_built_in_library_wins_over_a_copied_lib_file_with_one_warning()
    {
        using var project = new LuatTestProject();
        project.File("sys.lua", "error('the copied lib must not run')");
        var result = project.Run("require 'sys' require 'sys' print(sys.SCRIPT_LIB_VER) os.exit(0)");
        Assert.Equal(0, result.ExitCode);
        Assert.Single(project.Lines, l => l.Contains("/lua/sys.lua ignored", StringComparison.Ordinal));
        Assert.Equal("2.4.0", project.Lines[^1]);
    }
}
