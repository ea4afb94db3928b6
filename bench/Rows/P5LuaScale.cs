using System.Collections.Concurrent;
using System.Diagnostics;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Sim.Cloud.Broker;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P5 with the Lua face: one host process running 1, 8 and 32 Luat projects (bench/fixtures/scale-lua: the Aliyun demo
/// flow, each publish callback sending the next QoS1 message), each with its own Lua state and thread, AT engine and
/// virtual module, all sharing one local cloud. Delivered messages/s are counted at the cloud during the window;
/// lost = gaps in a device's sequence numbers as the cloud logged them (each number is sent only after the previous
/// one's PUBACK, so a gap is a message the cloud acknowledged but never logged). Baseline: the 1-project rate.
/// </summary>
public static class P5LuaScale
{
    private const string Command = "dotnet run -c Release --project bench -- p5lua";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        var project = Path.Combine(AppContext.BaseDirectory, "fixtures", "scale-lua");
        var window = TimeSpan.FromTicks(settings.Trial.Ticks * 2);
        var rows = new List<BenchResult>();
        double? single = null;
        foreach (var projects in new[] { 1, 8, 32 })
        {
            var run = await MeasureAsync(projects, project, window);
            single ??= run.Rate;
            rows.Add(new BenchResult($"P5L-{projects}",
                $"{projects} Luat project(s) (Aliyun demo flow, QoS1 publish from each callback) in one process, each with its own Lua " +
                $"state, AT engine and virtual module, shared local cloud; {Format.Number(run.Delivered)} messages in {window.TotalSeconds:0} s; " +
                $"host CPU {Format.Number(run.CpuPercent)} % (100 % = 1 core; modules and cloud included); peak RSS " +
                $"{run.PeakRssBytes / (1024.0 * 1024):N0} MiB; lost {run.Lost}",
                Format.Rate(run.Rate, "msg/s") + $", lost {run.Lost}",
                Format.Rate(single.Value, "msg/s") + " (1 project, same run)",
                Format.Ratio(run.Rate / single.Value) + " aggregate",
                Command));
        }
        return rows;
    }

    private sealed record ScaleRun(double Rate, long Delivered, long Lost, double CpuPercent, long PeakRssBytes);

    private static async Task<ScaleRun> MeasureAsync(int projects, string projectDirectory, TimeSpan window)
    {
        await using var cloud = await BenchCloud.StartAsync(projects);
        var sequences = new ConcurrentDictionary<int, ConcurrentDictionary<long, byte>>();
        var delivered = 0L;
        cloud.Messages.Added += message =>
        {
            if (SequencePayload.Parse(message.PayloadText) is { } m)
            {
                sequences.GetOrAdd(m.Device, _ => new ConcurrentDictionary<long, byte>()).TryAdd(m.Seq, 0);
                Interlocked.Increment(ref delivered);
            }
        };
        var rigs = new List<LuaRig>();
        try
        {
            foreach (var batch in Enumerable.Range(0, projects).Chunk(8))
            {
                rigs.AddRange(await Task.WhenAll(batch.Select(i => LuaRig.StartAsync(cloud, i, projectDirectory))));
            }
            // Measure only once every project is publishing.
            var ready = Stopwatch.StartNew();
            while (sequences.Count < projects)
            {
                if (ready.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"only {sequences.Count} of {projects} Lua projects published within 60 s");
                }
                await Task.Delay(20);
            }
            await using var sampler = new ProcessSampler();
            var before = Interlocked.Read(ref delivered);
            var clock = Stopwatch.StartNew();
            await Task.Delay(window);
            var count = Interlocked.Read(ref delivered) - before;
            var elapsed = clock.Elapsed;
            await sampler.StopAsync();
            // One snapshot per device: messages keep arriving while this runs.
            var lost = sequences.Values.Select(seen => seen.Keys.ToArray()).Sum(keys => keys.Max() + 1 - keys.Length);
            return new ScaleRun(count / elapsed.TotalSeconds, count, lost, sampler.CpuPercent, sampler.PeakRssBytes);
        }
        finally
        {
            await Task.WhenAll(rigs.Select(r => r.DisposeAsync().AsTask()));
        }
    }
}
