using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using LuatHost.Aliyun;
using LuatHost.Modem;
using LuatHost.Reliability.Tests.Support;
using LuatHost.Sim.Module;
using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.Faults;

/// <summary>
/// R2: QoS1 sequence numbers published through the Aliyun client while the virtual module injects faults at random:
/// broker drops, PDP loss, reboots and line noise on an instant module; and, on a module with typical realism
/// latencies, service flaps (a lone <c>^MODE: 17,17</c>, coverage loss and return, SIM hot-plug, keep-alive loss).
/// The cloud must receive every sequence number (duplicates allowed). CI runs <see cref="SoakSettings.SoakMessages"/>
/// messages and <see cref="SoakSettings.SoakFaults"/> faults with short PUBACK/retry timeouts; LUATHOST_SOAK=1 runs
/// longer with the product's default timeouts.
/// </summary>
public sealed class FaultSoakTests(ITestOutputHelper output)
{
    private enum Fault
    {
        BrokerDrop,
        PdpLoss,
        Reboot,
        LineNoise,
        ModeReport,
        CoverageLoss,
        SimHotPlug,
        KeepAliveLost,
    }

    private static readonly TimeSpan RecoveryGuard = TimeSpan.FromSeconds(90);

    [Fact]
    public Task Every_qos1_sequence_number_reaches_the_cloud_through_broker_drops_pdp_loss_reboots_and_noise() =>
        SoakAsync(null, [Fault.BrokerDrop, Fault.PdpLoss, Fault.Reboot, Fault.LineNoise], SoakSettings.SoakFaults);

    [Fact]
    public Task Every_qos1_sequence_number_reaches_the_cloud_through_service_flaps_under_typical_realism() =>
        SoakAsync(RealismProfile.Typical, [Fault.ModeReport, Fault.CoverageLoss, Fault.SimHotPlug, Fault.KeepAliveLost],
            // Each real-latency recovery takes 1-2 s: half the faults keep the CI run short; LUATHOST_SOAK=1 runs them all.
            SoakSettings.IsSoak ? SoakSettings.SoakFaults : Math.Max(4, SoakSettings.SoakFaults / 2));

    private async Task SoakAsync(RealismProfile? realism, Fault[] kinds, int faultCount)
    {
        var seed = SoakSettings.FuzzSeed;
        var random = new Random(seed);
        var (timeouts, policy) = SoakSettings.IsSoak
            ? (new ModemTimeouts(), new ReconnectPolicy())
            : (new ModemTimeouts { MqttAck = TimeSpan.FromSeconds(2), Connack = TimeSpan.FromSeconds(5) },
               new ReconnectPolicy { RetryDelay = TimeSpan.FromMilliseconds(200), NetworkPollInterval = TimeSpan.FromMilliseconds(100) });
        await using var rig = await SoakRig.StartAsync(timeouts, policy, realism);
        var received = new ConcurrentDictionary<int, int>();
        var messages = SoakSettings.SoakMessages;
        var allReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        rig.Cloud.Messages.Added += m =>
        {
            if (m.Topic == SoakRig.Topic && int.TryParse(m.PayloadText.AsSpan(4), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seq))
            {
                received.AddOrUpdate(seq, 1, (_, n) => n + 1);
                if (received.Count >= messages) allReceived.TrySetResult();
            }
        };
        await rig.WaitForConnectionAfterAsync(DateTime.MinValue, RecoveryGuard);

        var publisher = PublishAsync(rig.Client, messages);
        var injected = new Dictionary<Fault, int>();
        var recoveries = new List<double>();
        for (var i = 0; i < faultCount; i++)
        {
            await Task.Delay(random.Next(100, 400));
            var fault = kinds[random.Next(kinds.Length)];
            var at = DateTime.UtcNow;
            await InjectAsync(rig, fault);
            injected[fault] = injected.GetValueOrDefault(fault) + 1;
            // Noise and a lone ^MODE: 17,17 leave the session up: nothing to recover from.
            if (fault is not (Fault.LineNoise or Fault.ModeReport))
            {
                var back = await rig.WaitForConnectionAfterAsync(at, RecoveryGuard);
                recoveries.Add((back - at).TotalMilliseconds);
            }
        }
        var results = await publisher.WaitAsync(RecoveryGuard * 2);
        var refused = results.Count(ok => !ok);

        // Every sequence number arrived, or the guard ends the wait and the lost ones are listed below.
        await Task.WhenAny(allReceived.Task, Task.Delay(RecoveryGuard));
        var lost = Enumerable.Range(0, messages).Where(seq => !received.ContainsKey(seq)).ToList();
        var duplicates = received.Values.Sum(n => n - 1);
        recoveries.Sort();
        output.WriteLine($"seed {seed}, realism {(realism is null ? "instant" : realism == RealismProfile.Typical ? "typical" : "custom")}: {messages} QoS1 messages, faults injected: " +
            string.Join(", ", injected.OrderBy(f => f.Key).Select(f => $"{f.Key} {f.Value}")) +
            $"; reconnect time p50 {Percentile(recoveries, 50):0} ms, max {(recoveries.Count == 0 ? 0 : recoveries[^1]):0} ms " +
            $"({recoveries.Count} reconnects); publishes refused {refused}; duplicates at the cloud {duplicates}; lost {lost.Count}");

        Assert.True(lost.Count == 0, $"seed {seed}: {lost.Count} sequence numbers never reached the cloud: {string.Join(",", lost.Take(20))}");
        Assert.Equal(0, refused);
    }

    private static async Task<bool[]> PublishAsync(AliyunClient client, int messages)
    {
        var pending = new List<Task<bool>>();
        for (var seq = 0; seq < messages; seq++)
        {
            // Paced, so publishes keep arriving while faults hit; every one stays queued across reconnects.
            pending.Add(client.PublishAsync(SoakRig.Topic, Encoding.UTF8.GetBytes($"seq={seq.ToString(CultureInfo.InvariantCulture)}"), qos: 1));
            await Task.Delay(15);
        }
        return await Task.WhenAll(pending);
    }

    private static async Task InjectAsync(SoakRig rig, Fault fault)
    {
        var faults = rig.Module.Faults;
        switch (fault)
        {
            case Fault.BrokerDrop: await faults.DropBrokerLinkAsync(); break;
            case Fault.PdpLoss: await faults.LosePdpAsync(restoreAfter: TimeSpan.FromMilliseconds(300)); break;
            case Fault.Reboot: await faults.RebootAsync(); break;
            case Fault.ModeReport: await faults.ReportServiceModeAsync(); break;
            case Fault.CoverageLoss: await faults.LoseCoverageAsync(restoreAfter: TimeSpan.FromMilliseconds(500)); break;
            case Fault.SimHotPlug:
                await faults.RemoveSimAsync();
                await Task.Delay(500);
                await faults.InsertSimAsync();
                break;
            case Fault.KeepAliveLost: await faults.LoseKeepAliveAsync(); break;
            default: await faults.InjectNoiseAsync(); break;
        }
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
