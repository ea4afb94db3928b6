using LuatHost.Luat;
namespace LuatHost.Bench.Support;

/// <summary>
/// bench/lua/workload.lua in a bare state of the host's Lua library (the liblua54 <see cref="LuaNativeLibrary"/> chose:
/// luaL_newstate, its C allocator, the standard libraries only, no Luat layer), in this process, timed like
/// <see cref="HostLuaWorkload"/>.
/// </summary>
public sealed class BareLuaWorkload : IWorkloadInstance
{
    private readonly KeraLua.Lua _lua;
    private readonly int? _cpu;

    private BareLuaWorkload(KeraLua.Lua lua, int? cpu, string checksum)
    {
        _lua = lua;
        _cpu = cpu;
        Checksum = checksum;
    }

    public string Checksum { get; }

    /// <summary>A state that allocates <paramref name="ballast"/> small tables, then loads the workload and runs its warm-up.</summary>
    public static IWorkloadInstance Start(string workload, int ballast, int? cpu)
    {
        _ = LuaNativeLibrary.Description; // binds KeraLua to the host's library before the first Lua call
        var lua = new KeraLua.Lua();
        // The first iteration is the warm-up, as the interpreters' runs have.
        Check(lua, lua.DoString(WorkloadSide.BallastChunk(ballast)) || lua.DoString(File.ReadAllText(workload)) || lua.DoString("return string.format('%.0f', bench_run(1))"));
        return new BareLuaWorkload(lua, cpu, lua.ToString(-1));
    }

    /// <summary>CPU seconds of the process; the calling thread runs Lua, on the side's CPU.</summary>
    public Task<double> RunAsync(int iterations)
    {
        using var pinned = CpuPinning.PinCurrentThread(_cpu);
        var before = Environment.CpuUsage.TotalTime;
        Check(_lua, _lua.DoString($"bench_run({iterations})"));
        return Task.FromResult((Environment.CpuUsage.TotalTime - before).TotalSeconds);
    }

    public void Dispose() => _lua.Dispose();

    // KeraLua's DoString returns true when the chunk failed, its message on the stack.
    private static void Check(KeraLua.Lua lua, bool failed)
    {
        if (failed) throw new InvalidOperationException("the workload failed in the bare Lua state: " + lua.ToString(-1));
    }
}
