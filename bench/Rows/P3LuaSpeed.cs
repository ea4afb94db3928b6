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
/// is skipped with a note when its interpreter is not on PATH (the bench never installs it). P3c splits the gap: the
/// same file in a bare state of the Lua library the host runs on (KeraLua's liblua54, its C allocator, no Luat layer),
/// in this process — the host against it is the cost of the layer; it against lua5.4 is the library's build.
/// </summary>
public static class P3LuaSpeed
{
    private const string Command = "dotnet run -c Release --project bench -- p3";
    private const int Iterations = 100;

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        var workload = Path.Combine(AppContext.BaseDirectory, "lua", "workload.lua");
        // This machine's speed switches between two levels about 1.5× apart every few seconds (shared virtual cores:
        // the interpreters' own os.clock rates swing as much as the host's), so trials alternate host and interpreters. The ratio is
        // the median of the trials' own ratios: each compares two runs a few seconds apart, so a slow stretch of the
        // machine weighs on both sides of it. The best trial of each side (the speed each reaches when nothing else
        // takes the core) and the medians of each side follow in brackets.
        var trials = Math.Max(settings.Trials, 9);
        var what = $"Lua workload iterations/s (fib(22) + 5,000 string.format/concat + sort 20,000 + 20,000 coroutine hand-offs), {Iterations} iterations, {trials} alternating trials: best trial (median in brackets); ratio = median of the trials' ratios";
        var interpreters = new[] { "lua5.4", "lua5.1" }.Select(name => (Name: name, Path: FindOnPath(name))).ToList();
        var host = new List<double>();
        var bare = new List<double>();
        var baselines = interpreters.ToDictionary(i => i.Name, _ => new List<double>());
        using (var runtime = HostWorkload.Start(workload))
        using (var bareState = BareWorkload.Start(workload))
        {
            for (var i = 0; i < trials; i++)
            {
                host.Add(runtime.Measure());
                bare.Add(bareState.Measure());
                foreach (var (name, path) in interpreters)
                {
                    if (path is not null) baselines[name].Add(await MeasureInterpreterAsync(path, workload));
                }
            }
        }
        // Every trial on stderr, in the order they ran: the table keeps only the summaries.
        Console.Error.WriteLine("bench: p3 trials, it/s — host " + Trials(host) + "; bare library " + Trials(bare) + "; "
            + string.Join("; ", baselines.Select(b => b.Key + " " + Trials(b.Value))));
        var hostText = Format.Rate(host.Max(), "it/s") + $" (median {Format.Rate(Throughput.Median(host), "it/s")}; luathost Lua runtime with the Lua 5.1 layer, NLua 1.6 / KeraLua 1.4.11)";
        var results = new List<BenchResult>();
        foreach (var (name, path) in interpreters)
        {
            // P3b: the interpreter Luat's firmware is built from (Lua 5.1, doubles only).
            var row = name == "lua5.4" ? "P3" : "P3b";
            var rowWhat = name == "lua5.4" ? what : what + "; baseline the Lua 5.1 interpreter";
            if (path is null)
            {
                results.Add(new BenchResult(row, rowWhat + $"; baseline skipped: {name} is not installed (apt-get install {name} to compare)",
                    hostText, "–", "–", Command));
                continue;
            }
            var rates = baselines[name];
            results.Add(new BenchResult(row, rowWhat, hostText,
                Format.Rate(rates.Max(), "it/s") + $" (median {Format.Rate(Throughput.Median(rates), "it/s")}; {path}, {await VersionAsync(path)})",
                Ratios(host, rates), Command));
        }
        var bareText = Format.Rate(bare.Max(), "it/s") + $" (median {Format.Rate(Throughput.Median(bare), "it/s")}; a bare KeraLua 1.4.11 state: its liblua54, C allocator, no Luat layer, same process)";
        if (baselines["lua5.4"] is { Count: > 0 } lua54)
        {
            bareText += $"; it runs at {Ratios(bare, lua54)} of lua5.4";
        }
        results.Add(new BenchResult("P3c", what + "; baseline the same Lua library without the Luat layer (what the layer costs)", hostText, bareText,
            Ratios(host, bare), Command));
        return results;
    }

    private static string Trials(IEnumerable<double> rates) => string.Join(" ", rates.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)));

    // Trial i of each side ran back to back: their ratio is the comparison least moved by the machine's own swings.
    private static string Ratios(IReadOnlyList<double> subject, IReadOnlyList<double> baseline)
    {
        var paired = Throughput.Median(subject.Zip(baseline, (s, b) => s / b).ToList());
        return Format.Ratio(paired) + $" (best {Format.Ratio(subject.Max() / baseline.Max())}, medians {Format.Ratio(Throughput.Median(subject) / Throughput.Median(baseline))})";
    }

    /// <summary>The workload in a bare state of the host's Lua library (luaL_newstate, standard libraries only), timed like the host.</summary>
    private sealed class BareWorkload : IDisposable
    {
        private readonly KeraLua.Lua _lua;

        private BareWorkload(KeraLua.Lua lua) => _lua = lua;

        public static BareWorkload Start(string workload)
        {
            var lua = new KeraLua.Lua();
            Check(lua, lua.DoString(File.ReadAllText(workload)) || lua.DoString("bench_run(1)"));
            return new BareWorkload(lua);
        }

        public double Measure()
        {
            var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            Check(_lua, _lua.DoString($"bench_run({Iterations})"));
            process.Refresh();
            return Iterations / (process.TotalProcessorTime - before).TotalSeconds;
        }

        public void Dispose() => _lua.Dispose();

        // KeraLua's DoString returns true when the chunk failed, its message on the stack.
        private static void Check(KeraLua.Lua lua, bool failed)
        {
            if (failed) throw new InvalidOperationException("the workload failed in the bare Lua state: " + lua.ToString(-1));
        }
    }

    /// <summary>The workload loaded once in a host runtime, timed per batch in CPU time.</summary>
    private sealed class HostWorkload : IDisposable
    {
        private readonly DirectoryInfo _data;
        private readonly EventLoop _loop;
        private readonly LuatRuntime _runtime;

        private HostWorkload(DirectoryInfo data, EventLoop loop, LuatRuntime runtime)
        {
            _data = data;
            _loop = loop;
            _runtime = runtime;
        }

        public static HostWorkload Start(string workload)
        {
            var data = Directory.CreateTempSubdirectory("luathost-bench-");
            var loop = new EventLoop();
            var runtime = new LuatRuntime(loop, new LuatRunOptions
            {
                ProjectDirectory = Path.GetDirectoryName(workload)!,
                DataDirectory = data.FullName,
                Output = _ => { },
            });
            Check(runtime.RunString(File.ReadAllText(workload), "=workload.lua"));
            Check(runtime.RunString("bench_run(1)"));
            return new HostWorkload(data, loop, runtime);
        }

        /// <summary>
        /// Iterations per CPU second, as the interpreters' os.clock measures it: on a busy machine wall-clock time
        /// would charge the host for time it was not scheduled.
        /// </summary>
        public double Measure()
        {
            var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            Check(_runtime.RunString($"bench_run({Iterations})"));
            process.Refresh();
            return Iterations / (process.TotalProcessorTime - before).TotalSeconds;
        }

        public void Dispose()
        {
            _runtime.Dispose();
            _loop.Dispose();
            _data.Delete(recursive: true);
        }
    }

    private static void Check(LuatRunOutcome outcome)
    {
        if (!outcome.Succeeded)
        {
            throw new InvalidOperationException("the workload failed in the host runtime: " + outcome.Error);
        }
    }

    private static async Task<double> MeasureInterpreterAsync(string interpreter, string workload)
    {
        var output = await RunAsync(interpreter, workload, Iterations.ToString(CultureInfo.InvariantCulture));
        var line = output.Split('\n').First(l => l.StartsWith("elapsed_seconds ", StringComparison.Ordinal));
        return Iterations / double.Parse(line["elapsed_seconds ".Length..], CultureInfo.InvariantCulture);
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
