using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LuatHost.Bench.Support;

/// <summary>
/// Puts every side of a CPU comparison on one CPU. On this machine the two virtual CPUs run the same code about 1.5×
/// apart (`taskset -c 0` against `-c 1` on lua5.4 and the workload: 0.66–0.69 s against 0.44–0.47 s), and a process
/// tends to stay where it started: a side that happened to land on the slow one would lose by the CPU, not by its
/// code. Linux only (sched_setaffinity(2)); elsewhere nothing is pinned and the row says so.
/// </summary>
public static class CpuPinning
{
    // Room for 1,024 CPUs: the kernel refuses a mask shorter than its own.
    private const int MaskWords = 16;

    /// <summary>
    /// The CPU to pin to: the highest-numbered of the first 64 this process may use (CPU 0 takes most interrupts);
    /// null off Linux.
    /// </summary>
    public static int? Choose()
    {
        if (!OperatingSystem.IsLinux()) return null;
        var mask = new ulong[MaskWords];
        if (SchedGetAffinity(0, (nuint)(MaskWords * sizeof(ulong)), mask) != 0 || mask[0] == 0) return null;
        return 63 - System.Numerics.BitOperations.LeadingZeroCount(mask[0]);
    }

    /// <summary>
    /// The calling thread runs only on <paramref name="cpu"/> until the result is disposed (an in-process side runs
    /// on it; the thread may be a pool thread other rows use afterwards, so its mask is put back).
    /// </summary>
    public static IDisposable PinCurrentThread(int? cpu)
    {
        if (cpu is not { } chosen) return Restore.Nothing;
        var previous = new ulong[MaskWords];
        var mask = new ulong[MaskWords];
        mask[0] = 1UL << chosen;
        if (SchedGetAffinity(0, (nuint)(MaskWords * sizeof(ulong)), previous) != 0 || SchedSetAffinity(0, (nuint)(MaskWords * sizeof(ulong)), mask) != 0)
        {
            throw new InvalidOperationException($"cannot pin the bench to CPU {chosen} (sched_setaffinity errno {Marshal.GetLastPInvokeError()})");
        }
        return new Restore(previous);
    }

    /// <summary>A single-threaded child (an interpreter) runs only on <paramref name="cpu"/>.</summary>
    public static void Pin(Process process, int? cpu)
    {
        if (cpu is { } chosen && OperatingSystem.IsLinux()) process.ProcessorAffinity = (nint)(1L << chosen);
    }

    private sealed class Restore(ulong[]? previous) : IDisposable
    {
        public static readonly Restore Nothing = new(null);

        public void Dispose()
        {
            if (previous is not null) SchedSetAffinity(0, (nuint)(MaskWords * sizeof(ulong)), previous);
        }
    }

    [DllImport("libc", EntryPoint = "sched_getaffinity", SetLastError = true)]
    private static extern int SchedGetAffinity(int pid, nuint size, [Out] ulong[] mask);

    [DllImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static extern int SchedSetAffinity(int pid, nuint size, ulong[] mask);
}
