using System.Diagnostics;
using System.Globalization;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Luat;
using LuatHost.Runtime;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P3: a Luat-style CPU workload (bench/lua/workload.lua: fib, string building, table sort, coroutine ping-pong through
/// sys.wait-like yields) in the host's Lua runtime (NLua/KeraLua state with the compat layer and Luat libraries
/// loaded) against Debian's <c>lua5.4</c> interpreter on the same file. The host side is timed with a Stopwatch around
/// the call; lua5.4 times itself with os.clock (CPU time of a single-threaded process), so its process start-up is
/// not counted. Skipped with a note when lua5.4 is not on PATH (the bench never installs it).
/// </summary>
public static class P3LuaSpeed
{
    private const string Command = "dotnet run -c Release --project bench -- p3";
    private const int Iterations = 100;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        var workload = Path.Combine(AppContext.BaseDirectory, "lua", "workload.lua");
        var what = $"Lua workload iterations/s (fib(22) + 5,000 string.format/concat + sort 20,000 + 20,000 coroutine hand-offs), {Iterations} iterations, median of {settings.Trials}";
        var host = MeasureHost(workload, settings.Trials);
        var interpreter = FindOnPath("lua5.4");
        if (interpreter is null)
        {
            return [new BenchResult("P3", what + "; baseline skipped: lua5.4 is not installed (apt-get install lua5.4 to compare)",
                Format.Rate(host, "it/s"), "–", "–", Command)];
        }
        var baseline = await MeasureInterpreterAsync(interpreter, workload, settings.Trials);
        return [new BenchResult("P3", what, Format.Rate(host, "it/s") + " (luathost Lua runtime, NLua 1.6 / KeraLua 1.4.11)",
            Format.Rate(baseline, "it/s") + $" ({interpreter}, {await VersionAsync(interpreter)})", Format.Ratio(host / baseline), Command)];
    }

    private static double MeasureHost(string workload, int trials)
    {
        var data = Directory.CreateTempSubdirectory("luathost-bench-");
        try
        {
            using var loop = new EventLoop();
            using var runtime = new LuatRuntime(loop, new LuatRunOptions
            {
                ProjectDirectory = Path.GetDirectoryName(workload)!,
                DataDirectory = data.FullName,
                Output = _ => { },
            });
            Check(runtime.RunString(File.ReadAllText(workload), "=workload.lua"));
            Check(runtime.RunString("bench_run(1)"));
            var rates = new List<double>();
            for (var i = 0; i < trials; i++)
            {
                var clock = Stopwatch.StartNew();
                Check(runtime.RunString($"bench_run({Iterations})"));
                rates.Add(Iterations / clock.Elapsed.TotalSeconds);
            }
            return Throughput.Median(rates);
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    private static void Check(LuatRunOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("the workload failed in the host runtime: " + outcome.Error);
        }
    }

    private static async Task<double> MeasureInterpreterAsync(string interpreter, string workload, int trials)
    {
        var rates = new List<double>();
        for (var i = 0; i < trials; i++)
        {
            var output = await RunAsync(interpreter, workload, Iterations.ToString(CultureInfo.InvariantCulture));
            var line = output.Split('\n').First(l => l.StartsWith("elapsed_seconds ", StringComparison.Ordinal));
            rates.Add(Iterations / double.Parse(line["elapsed_seconds ".Length..], CultureInfo.InvariantCulture));
        }
        return Throughput.Median(rates);
    }

    private static async Task<string> VersionAsync(string interpreter) => (await RunAsync(interpreter, "-v")).Trim();

    private static async Task<string> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output + errors;
    }

    public static string? FindOnPath(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
