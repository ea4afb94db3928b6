using BenchmarkDotNet.Running;

namespace LuatHost.Bench.Micro;

/// <summary>Entry for the BenchmarkDotNet micro benchmarks (<c>-- micro [BenchmarkDotNet args]</c>).</summary>
public static class MicroBenchmarks
{
    public static void Run(string[] args) =>
        BenchmarkSwitcher.FromTypes([typeof(MpubEscapingBenchmarks), typeof(LineFramingBenchmarks)]).Run(args);
}
