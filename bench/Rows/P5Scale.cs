using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Sim.Cloud.Broker;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P5: one host process driving 1, 8 and 32 virtual modules (in-process rigs sharing one local cloud). Each rig runs
/// the Aliyun demo flow through <c>AliyunClient</c> — the C# service behind Lua's aLiYun, not the Lua script itself —
/// and publishes QoS1 as fast as PUBACKs allow (the next publish after the previous one's PUBACK). Reported: delivered
/// messages/s (counted at the cloud), CPU % and peak RSS of the process (which also hosts the modules and the cloud),
/// and messages lost (acknowledged to the device but never logged by the cloud; must be 0). Baseline: the 1-module
/// rate measured in the same run, so the ratio is the aggregate speed-up from more modules.
/// </summary>
public static class P5Scale
{
    private const string Command = "dotnet run -c Release --project bench -- p5";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        var window = TimeSpan.FromTicks(settings.Trial.Ticks * 2);
        var rows = new List<BenchResult>();
        double? single = null;
        foreach (var modules in new[] { 1, 8, 32 })
        {
            var run = await MeasureAsync(modules, window);
            single ??= run.Rate;
            rows.Add(new BenchResult($"P5-{modules}",
                $"{modules} virtual module(s) in one process, AliyunClient direct login each, QoS1 publish loop, shared local cloud; " +
                $"{Format.Number(run.Delivered)} messages in {window.TotalSeconds:0} s; host CPU {Format.Number(run.CpuPercent)} % " +
                $"(100 % = 1 core; modules and cloud included); peak RSS {run.PeakRssBytes / (1024.0 * 1024):N0} MiB; lost {run.Lost}",
                Format.Rate(run.Rate, "msg/s") + $", lost {run.Lost}",
                Format.Rate(single.Value, "msg/s") + " (1 module, same run)",
                Format.Ratio(run.Rate / single.Value) + " aggregate",
                Command));
        }
        return rows;
    }

    private sealed record ScaleRun(double Rate, long Delivered, long Lost, double CpuPercent, long PeakRssBytes);

    private static async Task<ScaleRun> MeasureAsync(int modules, TimeSpan window)
    {
        await using var cloud = await BenchCloud.StartAsync(modules);
        var received = new ConcurrentDictionary<string, byte>();
        cloud.Messages.Added += message => OnCloudMessage(message, received);
        var rigs = new List<AliyunRig>();
        try
        {
            foreach (var start in Enumerable.Range(0, modules).Chunk(8))
            {
                rigs.AddRange(await Task.WhenAll(start.Select(i => AliyunRig.StartAsync(cloud, i))));
            }
            var acknowledged = new ConcurrentDictionary<string, byte>();
            using var stop = new CancellationTokenSource();
            await using var sampler = new ProcessSampler();
            var clock = Stopwatch.StartNew();
            var receivedAtStart = received.Count;
            stop.CancelAfter(window);
            await Task.WhenAll(rigs.Select((rig, index) => PublishLoopAsync(rig, index, acknowledged, stop.Token)));
            var elapsed = clock.Elapsed;
            var delivered = received.Count - receivedAtStart;
            await sampler.StopAsync();

            // Acknowledged means the broker has it; give the log a moment to catch up before calling anything lost.
            var settle = Stopwatch.StartNew();
            while (acknowledged.Keys.Any(k => !received.ContainsKey(k)) && settle.Elapsed < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(50);
            }
            var lost = acknowledged.Keys.LongCount(k => !received.ContainsKey(k));
            return new ScaleRun(delivered / elapsed.TotalSeconds, delivered, lost, sampler.CpuPercent, sampler.PeakRssBytes);
        }
        finally
        {
            await Task.WhenAll(rigs.Select(r => r.DisposeAsync().AsTask()));
        }
    }

    private static async Task PublishLoopAsync(AliyunRig rig, int index, ConcurrentDictionary<string, byte> acknowledged, CancellationToken stop)
    {
        for (var seq = 0L; !stop.IsCancellationRequested; seq++)
        {
            var key = Key(index, seq);
            if (await rig.Client.PublishAsync(rig.UpdateTopic, Encoding.UTF8.GetBytes(SequencePayload.Format(index, seq)), qos: 1))
            {
                acknowledged.TryAdd(key, 0);
            }
        }
    }

    private static void OnCloudMessage(CloudMessage message, ConcurrentDictionary<string, byte> received)
    {
        if (SequencePayload.Parse(message.PayloadText) is { } m)
        {
            received.TryAdd(Key(m.Device, m.Seq), 0);
        }
    }

    private static string Key(int device, long seq) => device.ToString(CultureInfo.InvariantCulture) + ":" + seq.ToString(CultureInfo.InvariantCulture);
}
