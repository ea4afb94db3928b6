namespace LuatHost.Bench.Support;

/// <summary>
/// One side of bench row P3 (the host, an interpreter, …) as several copies of the workload whose heaps are laid out
/// differently. On this machine where a copy's objects happen to land moves its speed by up to 12 %: lua5.4 runs the
/// workload at ×1.00–1.12 of itself, and its 5.1 translation at ×0.96–1.08, after allocating 0 to 1,000 small tables
/// first (16 alternating rounds, same CPU). One copy a side would compare two
/// draws of that; a round runs one batch in every copy and counts their sum.
/// </summary>
public sealed class WorkloadSide : IDisposable
{
    /// <summary>Small tables each copy allocates, and keeps, before it loads the workload: one layout per copy.</summary>
    public static readonly IReadOnlyList<int> Ballasts = [0, 7, 30, 100, 300];

    private readonly List<IWorkloadInstance> _copies;

    private WorkloadSide(string name, List<IWorkloadInstance> copies)
    {
        Name = name;
        _copies = copies;
    }

    public string Name { get; }

    /// <summary>Iterations per CPU second of every round so far.</summary>
    public List<double> Rates { get; } = [];

    /// <summary>Lua that allocates <paramref name="ballast"/> small tables and keeps them in a global.</summary>
    public static string BallastChunk(int ballast) =>
        $"__bench_ballast = {{}} for i = 1, {ballast} do __bench_ballast[i] = {{}} end";

    public static async Task<WorkloadSide> StartAsync(string name, Func<int, Task<IWorkloadInstance>> start)
    {
        var copies = new List<IWorkloadInstance>();
        try
        {
            foreach (var ballast in Ballasts)
            {
                copies.Add(await start(ballast));
            }
        }
        catch
        {
            copies.ForEach(c => c.Dispose());
            throw;
        }
        return new WorkloadSide(name, copies);
    }

    /// <summary>A run that computed something else than the host did compares nothing: the bench stops with both results.</summary>
    public void CheckComputes(string checksum)
    {
        foreach (var copy in _copies)
        {
            if (copy.Checksum != checksum)
            {
                throw new InvalidOperationException(
                    $"p3: {Name} computed the workload's checksum as {copy.Checksum}, the host as {checksum}; bench/lua/workload.lua must compute the same in Lua 5.1 and 5.4");
            }
        }
    }

    public string Checksum => _copies[0].Checksum;

    /// <summary>One batch of <paramref name="batch"/> iterations in every copy.</summary>
    public async Task RoundAsync(int batch)
    {
        var seconds = 0.0;
        foreach (var copy in _copies)
        {
            seconds += await copy.RunAsync(batch);
        }
        Rates.Add(batch * _copies.Count / seconds);
    }

    public void Dispose() => _copies.ForEach(c => c.Dispose());
}
