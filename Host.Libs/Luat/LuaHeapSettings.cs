using System.Runtime.InteropServices;

namespace LuatHost.Luat;

/// <summary>
/// How the C library's malloc keeps the memory Lua frees (Lua's blocks come from it: <see cref="LuaMemoryBudget"/>).
/// On glibc a block of 128 KB or more is mapped on its own and unmapped when freed, and the top of a heap is given
/// back past a threshold. A standalone <c>lua5.4</c> soon stops doing either: glibc raises both thresholds the first
/// time such a block is freed (mallopt(3), "M_MMAP_THRESHOLD"). In the .NET process whether that happens depends on
/// what the process did before: in bench P3's process a script that builds and drops a 20,000-entry table (a 512 KB
/// array) met fresh pages every time, ≈ 100 page faults a table at ≈ 10 µs each here, a sixth of the sort's time
/// (lua5.4: none after its first table). Fixing both thresholds above the sizes a Luat script uses keeps freed blocks
/// for the next table, as the standalone interpreter ends up doing; the price is that up to
/// <see cref="TrimThreshold"/> of freed memory may stay with the process.
/// </summary>
internal static class LuaHeapSettings
{
    // mallopt(3) parameters (glibc's malloc.h).
    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;

    // A module's whole Lua heap is a few MB; 16 MB blocks are far beyond any Luat script (mallopt(3) gives 32 MB as the
    // upper limit of M_MMAP_THRESHOLD on 64-bit systems).
    private const int MmapThreshold = 16 << 20;
    private const int TrimThreshold = 2 * MmapThreshold;

    private static readonly Lazy<bool> Applied = new(Apply);

    /// <summary>Sets the thresholds once per process (glibc only; elsewhere the C library's own policy stays).</summary>
    public static bool EnsureApplied() => Applied.Value;

    private static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            // musl has mallopt too and ignores it (returns 0).
            return MallOpt(MMmapThreshold, MmapThreshold) == 1 && MallOpt(MTrimThreshold, TrimThreshold) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallOpt(int parameter, int value);
}
