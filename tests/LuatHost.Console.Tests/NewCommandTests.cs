using System.Runtime.InteropServices;
using LuatHost.Console.Tests.Support;

namespace LuatHost.Console.Tests;

/// <summary>`luathost new` and `luathost --version` through the real CLI.</summary>
public sealed class NewCommandTests : IDisposable
{
    private readonly TemporaryFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string RepositoryDemo(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LuatHost.sln"))) directory = directory.Parent;
        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("repository root not found"), "demo", name);
    }

    [Fact]
    public async Task A_project_from_the_aliyun_template_is_the_demo_with_an_owner_only_registry_and_runs()
    {
        var created = await CliProcess.RunAsync(_folder.Root, null, "new", "lesson1", "--template", "aliyun");

        Assert.Equal(0, created.ExitCode);
        Assert.Contains("luathost run lesson1", created.StandardOutput, StringComparison.Ordinal);
        var project = Path.Combine(_folder.Root, "lesson1");
        foreach (var demoFile in Directory.GetFiles(RepositoryDemo("aliyun")))
        {
            Assert.Equal(File.ReadAllBytes(demoFile), File.ReadAllBytes(Path.Combine(project, Path.GetFileName(demoFile))));
        }
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(project, "cloud-registry.json")));

        var connected = await CliProcess.UntilLineAsync(_folder.Root, l => l.Contains("testALiYun.connectCbFnc", StringComparison.Ordinal), "run", "lesson1");

        Assert.Equal("[I]-[testALiYun.connectCbFnc]\ttrue", connected);
    }

    [Fact]
    public async Task Every_demo_folder_is_a_template_and_an_unknown_one_lists_them()
    {
        var result = await CliProcess.RunAsync(_folder.Root, null, "new", "x", "--template", "no-such-demo");

        Assert.Equal(2, result.ExitCode);
        var demos = Directory.GetDirectories(RepositoryDemo("")).Select(Path.GetFileName);
        foreach (var demo in demos) Assert.Contains(demo!, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("csharp", result.StandardError, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_folder.Root, "x")));
    }

    [Fact]
    public async Task A_template_without_a_registry_gets_the_tutorials_devices()
    {
        await CliProcess.RunAsync(_folder.Root, null, "new", "hi", "-t", "hello");

        var registry = File.ReadAllText(Path.Combine(_folder.Root, "hi", "cloud-registry.json"));
        Assert.Contains("866714043075174", registry, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_folder.Root, "hi", "greeter.lua")));
    }

    [Fact]
    public async Task A_folder_that_is_not_empty_is_refused()
    {
        _folder.Write("taken/main.lua", "-- mine");

        var result = await CliProcess.RunAsync(_folder.Root, null, "new", "taken");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("taken already exists and is not empty", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("-- mine", File.ReadAllText(Path.Combine(_folder.Root, "taken", "main.lua")));
    }

    [Fact]
    public async Task Version_names_the_tool_and_the_lua_engine()
    {
        var result = await CliProcess.RunAsync(_folder.Root, null, "--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^luathost \d+\.\d+\.\d+", result.OutputLines[0]);
        // The engine is Lua 5.4, with the release the loaded library's lua_ident names: LuatHost's own build on Linux
        // x64 (native/lua), KeraLua's elsewhere.
        var build = OperatingSystem.IsLinux() && RuntimeInformation.ProcessArchitecture == Architecture.X64 ? "LuatHost's PGO build" : "KeraLua's build";
        Assert.Matches(@"^Lua 5\.4 \(" + build + @" of Lua 5\.4\.\d+; KeraLua \d", result.OutputLines[1]);
    }

    [Fact]
    public async Task Luathost_lua_library_keralua_runs_scripts_on_keraluas_own_build()
    {
        var environment = new Dictionary<string, string> { [LuatHost.Luat.LuaNativeLibrary.Variable] = "keralua" };
        var version = await CliProcess.RunAsync(["--version"], _folder.Root, HangGuard.Limit, environment);
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^Lua 5\.4 \(KeraLua's build of Lua 5\.4\.\d+(, chosen by LUATHOST_LUA_LIBRARY=keralua)?; KeraLua \d", version.OutputLines[1]);

        var project = Path.Combine(_folder.Root, "on-keralua");
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "main.lua"), "print(\"v=\" .. 4/2, string.format(\"%d\", 3.7))");
        var run = await CliProcess.RunAsync(["run", project, "--fs", Path.Combine(_folder.Root, "on-keralua-fs"), "--for", "2s"], _folder.Root, HangGuard.Limit * 2, environment);
        Assert.True(run.ExitCode == 0, run.AllOutput);
        Assert.Contains("v=2\t3", run.OutputLines);
    }
}
