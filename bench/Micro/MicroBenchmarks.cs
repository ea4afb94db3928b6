using BenchmarkDotNet.Running;

namespace LuatHost.Bench.Micro;

/// <summary>
/// Entry for the BenchmarkDotNet micro benchmarks: <c>-- micro</c> runs them all (short job, in process, so nothing is
/// rebuilt while colleagues build); any BenchmarkDotNet arguments after <c>micro</c> replace those defaults.
/// Artifacts go beside the bench binaries, never into the repository root.
/// </summary>
public static class MicroBenchmarks
{
    public static void Run(string[] args)
    {
        var arguments = args.Length > 0 ? args.ToList() : ["--filter", "*", "--job", "short", "--inProcess"];
        if (!arguments.Contains("--artifacts"))
        {
            arguments.AddRange(["--artifacts", Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts")]);
        }
        BenchmarkSwitcher.FromTypes([typeof(MpubEscapingBenchmarks), typeof(LineFramingBenchmarks)]).Run([.. arguments]);
    }
}
