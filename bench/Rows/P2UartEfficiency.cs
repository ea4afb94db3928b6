using System.Text;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Modem;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P2: QoS0 AT+MPUB publishes per second when the line runs at a real baud rate, against the line-rate bound. The
/// virtual module paces its output (ModuleFaults.BytesPerSecond) and the bench paces the host's output the same way,
/// so the link is a full-duplex 8N1 UART. One exchange = the MPUB command line out + the module's answer back; they
/// cannot overlap (the module answers after the CR), so the bound is line rate ÷ (bytes out + bytes in). The module is
/// logged in to the local cloud on loopback; every publish really reaches the broker.
/// </summary>
public static class P2UartEfficiency
{
    private const string Command = "dotnet run -c Release --project bench -- p2";

    // A typical Aliyun property post: quotes need \22 escaping, so escaping cost is in the measurement.
    private static readonly byte[] Payload = Encoding.UTF8.GetBytes("{\"id\":\"1\",\"params\":{\"temp\":23.5,\"hum\":41},\"method\":\"thing.event.property.post\"}");

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        await using var cloud = await BenchCloud.StartAsync(devices: 1);
        return
        [
            await MeasureAsync("P2a", cloud, baud: 115_200, settings),
            await MeasureAsync("P2b", cloud, baud: 921_600, settings),
        ];
    }

    private static async Task<BenchResult> MeasureAsync(string id, Sim.Cloud.LocalCloud cloud, int baud, BenchSettings settings)
    {
        var bytesPerSecond = baud / 10;
        ByteCountingStream? counter = null;
        await using var modem = await ConnectedModem.StartAsync(cloud, 0, host => counter = new ByteCountingStream(new PacedStream(host, bytesPerSecond)));
        modem.Module.Faults.BytesPerSecond = bytesPerSecond;
        Func<Task> publish = () => modem.Modem.Mqtt.PublishAsync(modem.UpdateTopic, Payload, qos: 0);

        await Throughput.MeasureAsync(publish, settings.WarmUp);
        var (sentBefore, readBefore) = (counter!.BytesWritten, counter.BytesRead);
        var trials = new List<double>();
        var exchanges = 0.0;
        for (var i = 0; i < settings.Trials; i++)
        {
            var rate = await Throughput.MeasureAsync(publish, settings.Trial);
            trials.Add(rate);
            exchanges += rate * settings.Trial.TotalSeconds;
        }
        var bytesOut = (counter.BytesWritten - sentBefore) / exchanges;
        var bytesIn = (counter.BytesRead - readBefore) / exchanges;
        var measured = Throughput.Median(trials);
        var bound = bytesPerSecond / (bytesOut + bytesIn);
        return new BenchResult(id,
            $"QoS0 AT+MPUB publishes/s at {baud:N0} baud ({bytesPerSecond:N0} B/s each way), {Payload.Length}-byte JSON payload, " +
            $"{bytesOut:N0} B out + {bytesIn:N0} B in per exchange, echo off, to the local cloud",
            Format.Rate(measured, "msg/s"),
            Format.Rate(bound, "msg/s") + $" (line-rate bound: {bytesPerSecond:N0} B/s ÷ {bytesOut + bytesIn:N0} B)",
            Format.Ratio(measured / bound) + $" ({Format.Percent(measured / bound)} of line rate)",
            Command);
    }
}
