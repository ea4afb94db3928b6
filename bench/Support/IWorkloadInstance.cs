namespace LuatHost.Bench.Support;

/// <summary>One loaded copy of bench/lua/workload.lua that runs batches on request (bench row P3).</summary>
public interface IWorkloadInstance : IDisposable
{
    /// <summary>One iteration's result, as the workload prints it ("%.0f").</summary>
    string Checksum { get; }

    /// <summary>Runs <paramref name="iterations"/> iterations; the CPU seconds they took.</summary>
    Task<double> RunAsync(int iterations);
}
