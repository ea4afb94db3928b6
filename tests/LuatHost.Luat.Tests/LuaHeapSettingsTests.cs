namespace LuatHost.Luat.Tests;

/// <summary>
/// LuaHeapSettings: on glibc the thresholds are set once per process, before the first Lua state allocates. What
/// they are for (freed table arrays reused instead of fresh pages: bench P3's page faults) is measured by the bench;
/// this checks that the C library took them, so a wrong entry point or a refused value cannot go unnoticed.
/// </summary>
public sealed class LuaHeapSettingsTests
{
    [Fact]
    public void The_c_librarys_malloc_takes_the_thresholds_on_glibc()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/ldd") || !LddSaysGlibc()) return; // another C library keeps its own policy
        Assert.True(LuaHeapSettings.EnsureApplied());
        Assert.True(LuaHeapSettings.EnsureApplied()); // once per process; asking again changes nothing
    }

    private static bool LddSaysGlibc()
    {
        using var ldd = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/ldd", "--version")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var text = ldd.StandardOutput.ReadToEnd() + ldd.StandardError.ReadToEnd();
        ldd.WaitForExit();
        return text.Contains("GLIBC", StringComparison.OrdinalIgnoreCase) || text.Contains("GNU libc", StringComparison.OrdinalIgnoreCase);
    }
}
