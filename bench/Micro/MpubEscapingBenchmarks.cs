using System.Text;
using BenchmarkDotNet.Attributes;
using LuatHost.Modem;

namespace LuatHost.Bench.Micro;

/// <summary>AT+MPUB escaping (<c>\22 \0D \0A \5C</c>) of a typical Aliyun JSON payload, against a plain UTF-8 copy.</summary>
[MemoryDiagnoser]
public class MpubEscapingBenchmarks
{
    private readonly byte[] _payload = Encoding.UTF8.GetBytes(
        "{\"id\":\"123\",\"version\":\"1.0\",\"params\":{\"temp\":23.5,\"note\":\"line1\\r\\nline2 \\\"quoted\\\"\"},\"method\":\"thing.event.property.post\"}");

    [Benchmark(Baseline = true)]
    public string Utf8Copy() => Encoding.UTF8.GetString(_payload);

    [Benchmark]
    public string Escape() => MqttPayloadEscaping.Escape(_payload);

    [Benchmark]
    public bool IsTextSafe() => MqttPayloadEscaping.IsTextSafe(_payload);
}
