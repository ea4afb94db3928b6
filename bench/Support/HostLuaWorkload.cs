using LuatHost.Luat;
using LuatHost.Runtime;

namespace LuatHost.Bench.Support;

/// <summary>
/// bench/lua/workload.lua loaded once in a host runtime (the Lua 5.1 layer and the Luat libraries, as a script gets
/// them), timed per batch in CPU time of the process.
/// </summary>
public sealed class HostLuaWorkload : IWorkloadInstance
{
    private readonly DirectoryInfo _data;
    private readonly EventLoop _loop;
    private readonly LuatRuntime _runtime;
    private readonly int? _cpu;

    private HostLuaWorkload(DirectoryInfo data, EventLoop loop, LuatRuntime runtime, int? cpu, string checksum)
    {
        _data = data;
        _loop = loop;
        _runtime = runtime;
        _cpu = cpu;
        Checksum = checksum;
    }

    public string Checksum { get; }

    /// <summary>A runtime that allocates <paramref name="ballast"/> small tables, then loads the workload and runs its warm-up.</summary>
    public static IWorkloadInstance Start(string workload, int ballast, int? cpu)
    {
        var data = Directory.CreateTempSubdirectory("luathost-bench-");
        var loop = new EventLoop();
        string? checksum = null;
        var runtime = new LuatRuntime(loop, new LuatRunOptions
        {
            ProjectDirectory = Path.GetDirectoryName(workload)!,
            DataDirectory = data.FullName,
            Output = line => checksum ??= line,
            // The no-yield warning (a batch runs for seconds without yielding) is expected here.
            Diagnostics = _ => { },
        });
        Check(runtime.RunString(WorkloadSide.BallastChunk(ballast)));
        Check(runtime.RunString(File.ReadAllText(workload), "=workload.lua"));
        // The first iteration is the warm-up, as the interpreters' runs have.
        Check(runtime.RunString("print(string.format('%.0f', bench_run(1)))"));
        return new HostLuaWorkload(data, loop, runtime, cpu,
            checksum ?? throw new InvalidOperationException("the workload printed no checksum in the host runtime"));
    }

    /// <summary>
    /// CPU seconds of the process, as the interpreters' os.clock measures theirs: on a busy machine wall-clock time
    /// would charge the host for time it was not scheduled. The calling thread runs Lua, on the side's CPU.
    /// </summary>
    public Task<double> RunAsync(int iterations)
    {
        using var pinned = CpuPinning.PinCurrentThread(_cpu);
        var before = Environment.CpuUsage.TotalTime;
        Check(_runtime.RunString($"bench_run({iterations})"));
        return Task.FromResult((Environment.CpuUsage.TotalTime - before).TotalSeconds);
    }

    public void Dispose()
    {
        _runtime.Dispose();
        _loop.Dispose();
        _data.Delete(recursive: true);
    }

    private static void Check(LuatRunOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("the workload failed in the host runtime: " + outcome.Error);
        }
    }
}
