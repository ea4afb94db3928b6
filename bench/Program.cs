using LuatHost.Bench.Report;
using LuatHost.Bench.Rows;
using LuatHost.Bench.Support;

// The P4 baseline: a trivial dotnet process; answer before anything else is touched.
if (args is ["hello"])
{
    Console.WriteLine("hello");
    return 0;
}

// P3e's child process: the bare workload on KeraLua's build of Lua (KeraLuaBuildProcess).
if (args is [KeraLuaBuildProcess.Command, var workloadFile, var ballastCount])
{
    return await KeraLuaBuildProcess.ServeAsync(workloadFile, int.Parse(ballastCount, System.Globalization.CultureInfo.InvariantCulture));
}

// `dotnet run -c Release --project bench -- all` prints every row; `-- p1` (… p6) one row; `-- micro` runs the
// BenchmarkDotNet micro benchmarks. `--seconds N` sets each trial's length.
var rows = new (string Name, Func<BenchSettings, Task<IReadOnlyList<BenchResult>>> Run)[]
{
    ("p1", P1AtRoundTrip.RunAsync),
    ("p2", P2UartEfficiency.RunAsync),
    ("p3", P3LuaSpeed.RunAsync),
    ("p4", P4Startup.RunAsync),
    ("p5", P5Scale.RunAsync),
    ("p5lua", P5LuaScale.RunAsync),
    ("p6", P6Latency.RunAsync),
    ("p7", P7OtaDownload.RunAsync),
    ("p8", P8Network.RunAsync),
    ("r2b", R2bFaultSoak.RunAsync),
};

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: dotnet run -c Release --project bench -- all|micro|" + string.Join('|', rows.Select(r => r.Name)) + " [--seconds N]");
    return 2;
}

if (args[0] == "micro")
{
    LuatHost.Bench.Micro.MicroBenchmarks.Run(args[1..]);
    return 0;
}

var settings = BenchSettings.Parse(args);
var wanted = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => a.ToLowerInvariant()).ToHashSet();
var selected = rows.Where(r => wanted.Contains("all") || wanted.Contains(r.Name)).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"bench: unknown row '{string.Join(' ', wanted)}'; rows are all, micro, {string.Join(", ", rows.Select(r => r.Name))}");
    return 2;
}

var results = new List<BenchResult>();
foreach (var (name, run) in selected)
{
    Console.Error.WriteLine($"bench: running {name} …");
    try
    {
        results.AddRange(await run(settings));
    }
    catch (Exception ex)
    {
        Console.Error.WriteLine($"bench: {name} failed: {ex}");
        results.Add(BenchResult.Skipped(name.ToUpperInvariant(), name, $"failed: {ex.GetType().Name}: {ex.Message}", $"dotnet run -c Release --project bench -- {name}"));
    }
}
Console.WriteLine(MarkdownTable.Render(results));
return 0;
