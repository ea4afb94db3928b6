using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Sim.Module;

namespace LuatHost.Bench.Rows;

/// <summary>
/// R2b: the fault soak at <c>--realism typical</c> as a measured row (the test <c>FaultSoakTests</c> asserts the same
/// path at CI size). QoS1 sequence numbers go through <c>AliyunClient</c> with the product's default timeouts while the
/// module takes service flaps in turn — a lone <c>^MODE: 17,17</c>, coverage loss (back after 500 ms), SIM removal and
/// insertion, and a broker path gone silent (the module's keep-alive, pinging every second here, ends it with
/// <c>MQTT HEART NO ACK</c>). Baseline, same module and run: plain broker drops (<c>CLOSED</c>), the cheapest
/// reconnect there is. The ratio compares reconnect p50s; every sequence number must reach the cloud.
/// </summary>
public static class R2bFaultSoak
{
    private const string Command = "dotnet run -c Release --project bench -- r2b";

    private enum Flap
    {
        ModeReport,
        CoverageLoss,
        SimHotPlug,
        SilentBrokerPath,
    }

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        await using var cloud = await BenchCloud.StartAsync(devices: 1);
        await using var rig = await AliyunRig.StartAsync(cloud, 0, realism: RealismProfile.Typical);
        rig.Module.Faults.MqttKeepAliveInterval = TimeSpan.FromSeconds(1);
        var received = new ConcurrentDictionary<int, int>();
        cloud.Messages.Added += m =>
        {
            if (m.Topic == rig.UpdateTopic && int.TryParse(m.PayloadText.AsSpan(4), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seq))
            {
                received.AddOrUpdate(seq, 1, (_, n) => n + 1);
            }
        };
        var connects = new ConcurrentQueue<long>();
        rig.Client.Connected += ok =>
        {
            if (ok)
            {
                connects.Enqueue(Stopwatch.GetTimestamp());
            }
        };
        // The session the rig waited for was already up, so PublishAsync below is the script's steady state.
        var rounds = Math.Max(2, (int)Math.Round(settings.Trial.TotalSeconds));
        var messages = rounds * 100;
        var publisher = PublishAsync(rig, messages);
        var flaps = new List<double>();
        var drops = new List<double>();
        var injected = new Dictionary<Flap, int>();
        var clock = Stopwatch.StartNew();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var flap in Enum.GetValues<Flap>())
            {
                var took = await InjectAsync(rig, flap, connects);
                injected[flap] = injected.GetValueOrDefault(flap) + 1;
                if (took is { } ms)
                {
                    flaps.Add(ms);
                }
            }
            var dropped = await ReconnectAfterAsync(connects, () => rig.Module.Faults.DropBrokerLinkAsync());
            drops.Add(dropped);
        }
        var refused = (await publisher).Count(ok => !ok);
        var waited = Stopwatch.StartNew();
        while (received.Count < messages && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(50);
        }
        clock.Stop();
        var lost = messages - Enumerable.Range(0, messages).Count(received.ContainsKey);
        var duplicates = received.Values.Sum(n => n - 1);
        if (lost > 0 || refused > 0)
        {
            throw new InvalidOperationException($"{lost} of {messages} QoS1 messages never reached the cloud, {refused} publishes refused");
        }
        flaps.Sort();
        drops.Sort();
        return
        [
            new BenchResult("R2b",
                $"fault soak at realism typical, default timeouts, {clock.Elapsed.TotalSeconds:N0} s: {messages} QoS1 messages through AliyunClient while the module takes " +
                string.Join(", ", injected.Select(f => $"{f.Value} × {Describe(f.Key)}")) + $"; {duplicates} duplicates at the cloud (PUBACKs lost with the link)",
                $"reconnect after a flap p50 {Format.Ms(Percentile(flaps, 50))}, max {Format.Ms(flaps[^1])} ({flaps.Count} reconnects); **0 lost**",
                $"p50 {Format.Ms(Percentile(drops, 50))}, max {Format.Ms(drops[^1])} after a plain broker drop (CLOSED), {drops.Count} in the same run",
                Format.Ratio(Percentile(flaps, 50) / Percentile(drops, 50)) + " reconnect p50",
                Command),
        ];
    }

    private static string Describe(Flap flap) => flap switch
    {
        Flap.ModeReport => "lone ^MODE: 17,17",
        Flap.CoverageLoss => "coverage loss (500 ms)",
        Flap.SimHotPlug => "SIM hot-plug (500 ms)",
        _ => "silent broker path (HEART NO ACK)",
    };

    /// <summary>Milliseconds from the fault to the next accepted session, or null for a flap that keeps the session.</summary>
    private static async Task<double?> InjectAsync(AliyunRig rig, Flap flap, ConcurrentQueue<long> connects)
    {
        var faults = rig.Module.Faults;
        switch (flap)
        {
            case Flap.ModeReport:
                await faults.ReportServiceModeAsync();
                await Task.Delay(300);
                return null;
            case Flap.CoverageLoss:
                return await ReconnectAfterAsync(connects, () => faults.LoseCoverageAsync(restoreAfter: TimeSpan.FromMilliseconds(500)));
            case Flap.SimHotPlug:
                return await ReconnectAfterAsync(connects, async () =>
                {
                    await faults.RemoveSimAsync();
                    await Task.Delay(500);
                    await faults.InsertSimAsync();
                });
            default:
                return await ReconnectAfterAsync(connects, faults.SilenceBrokerLinkAsync);
        }
    }

    private static async Task<double> ReconnectAfterAsync(ConcurrentQueue<long> connects, Func<Task> fault)
    {
        connects.Clear();
        var at = Stopwatch.GetTimestamp();
        await fault();
        var guard = Stopwatch.StartNew();
        while (connects.IsEmpty)
        {
            if (guard.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException("the client did not reconnect within 90 s of a fault");
            }
            await Task.Delay(10);
        }
        connects.TryPeek(out var back);
        return Stopwatch.GetElapsedTime(at, back).TotalMilliseconds;
    }

    private static async Task<bool[]> PublishAsync(AliyunRig rig, int messages)
    {
        var pending = new List<Task<bool>>();
        for (var seq = 0; seq < messages; seq++)
        {
            pending.Add(rig.Client.PublishAsync(rig.UpdateTopic, Encoding.UTF8.GetBytes($"seq={seq.ToString(CultureInfo.InvariantCulture)}"), qos: 1));
            // Spread over the run, so publishes keep arriving while the flaps hit.
            await Task.Delay(50);
        }
        return await Task.WhenAll(pending);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
