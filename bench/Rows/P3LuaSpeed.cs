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
/// loaded) against Debian's <c>lua5.4</c> interpreter on the same file. The host side is timed around
/// the call in CPU time of the process; lua5.4 times itself with os.clock (CPU time of a single-threaded process), so its process start-up is
/// not counted. P3b runs the same file in Debian's <c>lua5.1</c> (what Luat's firmware is built from). A baseline
/// is skipped with a note when its interpreter is not on PATH (the bench never installs it).
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
        var hostText = Format.Rate(host, "it/s") + " (luathost Lua runtime with the Lua 5.1 layer, NLua 1.6 / KeraLua 1.4.11)";
        return
        [
            await AgainstAsync("P3", "lua5.4", what, workload, host, hostText, settings.Trials),
            // P3b: the interpreter Luat's firmware is built from (Lua 5.1, doubles only).
            await AgainstAsync("P3b", "lua5.1", what + "; baseline the Lua 5.1 interpreter", workload, host, hostText, settings.Trials),
        ];
    }

    private static async Task<BenchResult> AgainstAsync(string row, string interpreterName, string what, string workload, double host, string hostText, int trials)
    {
        var interpreter = FindOnPath(interpreterName);
        if (interpreter is null)
        {
            return new BenchResult(row, what + $"; baseline skipped: {interpreterName} is not installed (apt-get install {interpreterName} to compare)",
                hostText, "–", "–", Command);
        }
        var baseline = await MeasureInterpreterAsync(interpreter, workload, trials);
        return new BenchResult(row, what, hostText,
            Format.Rate(baseline, "it/s") + $" ({interpreter}, {await VersionAsync(interpreter)})", Format.Ratio(host / baseline), Command);
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
            // CPU time, as the interpreters' os.clock measures it: on a busy machine wall-clock time
            // would charge the host for time it was not scheduled.
            var process = Process.GetCurrentProcess();
            for (var i = 0; i < trials; i++)
            {
                process.Refresh();
                var before = process.TotalProcessorTime;
                Check(runtime.RunString($"bench_run({Iterations})"));
                process.Refresh();
                rates.Add(Iterations / (process.TotalProcessorTime - before).TotalSeconds);
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
