using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using LuatHost.Aliyun;
using LuatHost.Aliyun.Signing;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Sim.Cloud;
using MQTTnet;
using MQTTnet.Protocol;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P6: latency from a publish call in the host's service (<c>AliyunClient.PublishAsync</c>, QoS1, what Lua's
/// aLiYun.publish calls) to the local cloud logging the message, p50/p99, one publish at a time through the virtual
/// module's AT+MPUB. Baseline: a plain MQTTnet client publishing QoS1 straight to the same broker as another device
/// (no AT, no module), same measure. The ratio says how many times longer the AT path takes.
/// </summary>
public static class P6Latency
{
    private const string Command = "dotnet run -c Release --project bench -- p6";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        await using var cloud = await BenchCloud.StartAsync(devices: 2);
        var arrivals = new ConcurrentDictionary<string, long>();
        cloud.Messages.Added += m => arrivals.TryAdd(m.PayloadText, Stopwatch.GetTimestamp());
        var samples = (int)Math.Max(200, settings.Trial.TotalSeconds * 500);

        await using var rig = await AliyunRig.StartAsync(cloud, 0);
        var subject = await MeasureAsync(samples, "host", arrivals,
            payload => rig.Client.PublishAsync(rig.UpdateTopic, payload, qos: 1));

        using var direct = await ConnectDirectAsync(cloud, 1);
        var topic = $"/{BenchCloud.ProductKey}/{BenchCloud.DeviceName(1)}/user/update";
        var baseline = await MeasureAsync(samples, "mqttnet", arrivals, async payload =>
        {
            await direct.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return true;
        });

        return
        [
            new BenchResult("P6",
                $"publish call → local cloud logs it, QoS1, one at a time, {samples:N0} samples: AliyunClient.PublishAsync → AT+MPUB → virtual module → broker",
                $"p50 {Format.Ms(subject.P50)}, p99 {Format.Ms(subject.P99)}",
                $"p50 {Format.Ms(baseline.P50)}, p99 {Format.Ms(baseline.P99)} (MQTTnet client straight to the same broker)",
                Format.Ratio(subject.P50 / baseline.P50) + " p50 latency",
                Command),
        ];
    }

    private sealed record Latencies(double P50, double P99);

    private static async Task<Latencies> MeasureAsync(int samples, string tag, ConcurrentDictionary<string, long> arrivals, Func<string, Task<bool>> publish)
    {
        var warmUp = Math.Max(20, samples / 10);
        var latencies = new List<double>();
        for (var i = 0; i < warmUp + samples; i++)
        {
            var payload = $"{{\"{tag}\":{i.ToString(CultureInfo.InvariantCulture)}}}";
            var sent = Stopwatch.GetTimestamp();
            if (!await publish(payload))
            {
                throw new InvalidOperationException($"{tag}: publish {i} was refused");
            }
            long arrived;
            var wait = Stopwatch.StartNew();
            while (!arrivals.TryGetValue(payload, out arrived))
            {
                if (wait.Elapsed > TimeSpan.FromSeconds(10))
                {
                    throw new TimeoutException($"{tag}: message {i} was acknowledged but never reached the cloud's log");
                }
                await Task.Yield();
            }
            if (i >= warmUp)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
            }
        }
        return new Latencies(Throughput.Percentile(latencies, 50), Throughput.Percentile(latencies, 99));
    }

    private static async Task<IMqttClient> ConnectDirectAsync(LocalCloud cloud, int index)
    {
        var credentials = MqttCredentials.ForDirectConnect(BenchCloud.ProductKey, BenchCloud.DeviceName(index), BenchCloud.DeviceSecret(index),
            timestamp: AliyunDefaults.SignTimestamp);
        var client = new MqttClientFactory().CreateMqttClient();
        var result = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", cloud.MqttEndpoint.Port)
            .WithClientId(credentials.ClientId)
            .WithCredentials(credentials.Username, credentials.Password)
            .WithCleanSession()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(300)) // Aliyun accepts 30..1200 s only
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311) // what the module speaks
            .Build());
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the direct MQTT client was refused: {result.ResultCode} {result.ReasonString}");
        }
        return client;
    }
}
