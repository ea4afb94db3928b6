using System.Runtime.InteropServices;

namespace LuatHost.Luat.Tests;

/// <summary>
/// LuaNativeLibrary: on Linux x64 every Lua call of the process goes to LuatHost's own build (native/lua), KeraLua's
/// imports and the host's own (the run-bound hook) alike; a second copy of the library in the process would mean a
/// state made by one copy and hooked through the other.
/// </summary>
public sealed class LuaNativeLibraryTests
{
    [Fact]
    public async Task On_linux_x64_keralua_and_the_run_bound_hook_reach_luathosts_build_and_only_it()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64) return; // KeraLua's build elsewhere

        // A run that never yields ends by its duration: the watchdog arms the hook through LuaHookArming's own imports.
        using var project = new LuatTestProject();
        project.File("main.lua", "print(4/2) while true do end");
        var result = await new LuatProjectRunner(project.Options(duration: TimeSpan.FromMilliseconds(300))).RunAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(LuatProjectRunner.DurationElapsed, result.StopDetail);
        Assert.Equal(["2"], project.Lines);

        Assert.True(LuaNativeLibrary.IsOwnBuild, LuaNativeLibrary.Description);
        Assert.Matches(@"^LuatHost's PGO build of Lua 5\.4\.\d+$", LuaNativeLibrary.Description);
        var mapped = File.ReadAllLines("/proc/self/maps").Where(line => line.EndsWith("/liblua54.so", StringComparison.Ordinal))
            .Select(line => line[line.IndexOf('/', StringComparison.Ordinal)..]).Distinct().ToList();
        Assert.True(mapped.Count == 1, string.Join(" | ", mapped));
        Assert.Equal([Path.Combine(AppContext.BaseDirectory, "lua", "linux-x64", "liblua54.so")], mapped);
    }
}
