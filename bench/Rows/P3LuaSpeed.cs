using System.Globalization;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Luat;
using LuatHost.Luat.Compat;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P3: a Luat-style CPU workload (bench/lua/workload.lua: fib, string building, table sort, coroutine ping-pong through
/// sys.wait-like yields) in the host's Lua runtime (NLua/KeraLua state with the compat layer and Luat libraries
/// loaded) against Debian's <c>lua5.4</c> interpreter on the same file, all in CPU time. P3b runs the same file in
/// Debian's <c>lua5.1</c> (what Luat's firmware is built from). P3c and P3d split the gap: P3c is the same file in a
/// bare state of the Lua library the host runs on (LuatHost's profile-guided build of Lua 5.4 on Linux x64, KeraLua's
/// liblua54 elsewhere or with LUATHOST_LUA_LIBRARY=keralua; its C allocator, no Luat layer) in this process — the host
/// against it is the cost of the layer, it against lua5.4 is the library's build; P3d is lua5.4 running
/// the file as the host's pre-pass rewrites it for Lua 5.1's numbers (float literals, 5.1's <c>%</c>) with none of the
/// layer's functions — it against lua5.4 is what 5.1's numbers cost the 5.4 VM itself. P3e is P3c's bare state against
/// the same bare state on KeraLua's build, in a child bench process: what the host's own build of Lua gives (skipped
/// where the host runs on KeraLua's). Every run must print the
/// host's checksum: a ratio between runs that computed different things would not compare speed. A baseline is
/// skipped with a note when its interpreter is not on PATH (the bench never installs it).
/// </summary>
public static class P3LuaSpeed
{
    private const string Command = "dotnet run -c Release --project bench -- p3";
    // Iterations a batch in each copy (≈ 0.06 s here) and the fewest rounds: 480 iterations a side.
    private const int Batch = 4;
    private const int Rounds = 24;

    // What host/lua51format.lua gives a chunk's bound string.format sites, reduced to the native format: the
    // pre-pass's inline path (`string.format == __luat_f51`) then calls string.format itself, so P3d pays for 5.1's
    // numbers and nothing of the layer.
    private const string NativeFormatSites =
        "__luat_format_sites51 = function(count) local sites = { format = string.format } "
        + "for k = 1, count do sites[k] = function(f, ...) return f(...) end end "
        + "return sites, string.format, math.tointeger, type end";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        var workload = Path.Combine(AppContext.BaseDirectory, "lua", "workload.lua");
        // In a folder of its own (created owner-only), not at a guessable name in the shared temp folder.
        var folder = Directory.CreateTempSubdirectory("luathost-bench-p3-");
        try
        {
            var translated = Path.Combine(folder.FullName, "workload51.lua");
            await File.WriteAllTextAsync(translated, LuaSourcePrepass.Apply(await File.ReadAllTextAsync(workload)));
            return await MeasureAsync(settings, workload, translated);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<IReadOnlyList<BenchResult>> MeasureAsync(BenchSettings settings, string workload, string translated)
    {
        // This machine's two virtual CPUs run the same code about 1.5× apart, and a process tends to stay on the one it
        // started on; its speed also drifts, and where a copy's heap objects land moves it by up to 12 % (WorkloadSide).
        // So every side runs on one CPU (CpuPinning), as several copies laid out differently, in short batches of the
        // same size, one side after the other, round after round (each interpreter copy keeps the workload loaded in
        // bench/lua/serve.lua), and the ratio is the median of the rounds' own ratios: the two sides of a pair ran a
        // second or two apart. The best round of each side and the medians of each side follow in brackets.
        // --seconds scales the rounds (the default 2 s gives 24).
        var rounds = (int)Math.Max(Rounds, Rounds * settings.Trial.TotalSeconds / 2);
        var copies = WorkloadSide.Ballasts.Count;
        var cpu = CpuPinning.Choose();
        var what = $"Lua workload iterations/s (fib(22) + 5,000 string.format/concat + sort 20,000 + 20,000 coroutine hand-offs), {rounds} rounds of {Batch} iterations in each of {copies} copies a side (heaps laid out differently), the sides alternating"
            + (cpu is { } pinned ? $", every side on CPU {pinned}" : ", sides not pinned to one CPU (not Linux)")
            + ": best round (median in brackets); ratio = median of the rounds' ratios";
        var lua54 = LuaInterpreter.Find("lua5.4");
        var lua51 = LuaInterpreter.Find("lua5.1");
        var sides = new List<WorkloadSide>();
        try
        {
            var host = await Side(sides, "the host", ballast => Task.FromResult(HostLuaWorkload.Start(workload, ballast, cpu)));
            var bare = await Side(sides, "the bare Lua library", ballast => Task.FromResult(BareLuaWorkload.Start(workload, ballast, cpu)));
            var original54 = lua54 is null ? null : await Side(sides, "lua5.4", ballast => lua54.StartAsync(workload, ballast, cpu));
            var translated54 = lua54 is null ? null : await Side(sides, "lua5.4 on the 5.1 translation", ballast => lua54.StartAsync(translated, ballast, cpu, NativeFormatSites));
            var original51 = lua51 is null ? null : await Side(sides, "lua5.1", ballast => lua51.StartAsync(workload, ballast, cpu));
            // Only where the host runs on its own build: otherwise both would be KeraLua's.
            var keraLua = LuaNativeLibrary.IsOwnBuild
                ? await Side(sides, "KeraLua's build", ballast => KeraLuaBuildProcess.StartAsync(workload, ballast, cpu))
                : null;
            sides.ForEach(side => side.CheckComputes(host.Checksum));
            for (var i = 0; i < rounds; i++)
            {
                foreach (var side in sides)
                {
                    await side.RoundAsync(Batch);
                }
            }
            // Every round on stderr, in the order they ran: the table keeps only the summaries.
            Console.Error.WriteLine("bench: p3 rounds, it/s — " + string.Join("; ", sides.Select(side => side.Name + " " + Trials(side.Rates))));
            var hostText = Rates(host.Rates) + $"; luathost Lua runtime with the Lua 5.1 layer on {LuaNativeLibrary.Description})";
            var results = new List<BenchResult>
            {
                await AgainstAsync("P3", what, hostText, host, lua54, original54, ""),
                await AgainstAsync("P3b", what + "; baseline the Lua 5.1 interpreter", hostText, host, lua51, original51, ""),
            };
            var bareText = Rates(bare.Rates) + "; a bare state of the same library: its C allocator, no Luat layer, same process)";
            if (original54 is not null) bareText += $"; it runs at {Ratios(bare.Rates, original54.Rates)} of lua5.4";
            results.Add(new BenchResult("P3c", what + "; baseline the same Lua library without the Luat layer (what the layer costs)", hostText, bareText,
                Ratios(host.Rates, bare.Rates), Command));
            results.Add(await AgainstAsync("P3d", what + "; baseline lua5.4 running the workload as the host's pre-pass rewrites it for Lua 5.1's numbers (float literals, 5.1's %), with the native string.format and none of the layer's functions",
                hostText, host, lua54, translated54,
                original54 is null ? "" : $"; that translation runs at {Ratios(translated54!.Rates, original54.Rates)} of lua5.4 on the original: what 5.1's numbers cost the 5.4 VM itself"));
            results.Add(keraLua is null
                ? new BenchResult("P3e", what + "; baseline skipped: the host runs on KeraLua's build here (" + LuaNativeLibrary.Description + ")", bareText, "–", "–", Command)
                : new BenchResult("P3e", what + "; the bare state on the host's Lua library against the same bare state on KeraLua's build of Lua (what LuatHost's profile-guided build gives, native/lua/README.md)",
                    bareText, Rates(keraLua.Rates) + "; KeraLua 1.4.11's liblua54, a child bench process with LUATHOST_LUA_LIBRARY=keralua)",
                    Ratios(bare.Rates, keraLua.Rates), Command));
            return results;
        }
        finally
        {
            sides.ForEach(side => side.Dispose());
        }
    }

    private static async Task<WorkloadSide> Side(List<WorkloadSide> sides, string name, Func<int, Task<IWorkloadInstance>> start)
    {
        var side = await WorkloadSide.StartAsync(name, start);
        sides.Add(side);
        return side;
    }

    private static async Task<BenchResult> AgainstAsync(string row, string what, string hostText, WorkloadSide host,
        LuaInterpreter? interpreter, WorkloadSide? baseline, string note)
    {
        if (interpreter is null || baseline is null)
        {
            var name = row == "P3b" ? "lua5.1" : "lua5.4";
            return new BenchResult(row, what + $"; baseline skipped: {name} is not installed (apt-get install {name} to compare)", hostText, "–", "–", Command);
        }
        return new BenchResult(row, what, hostText, Rates(baseline.Rates) + $"; {interpreter.Path}, {await interpreter.VersionAsync()}){note}",
            Ratios(host.Rates, baseline.Rates), Command);
    }

    private static string Rates(IReadOnlyList<double> rates) =>
        Format.Rate(rates.Max(), "it/s") + $" (median {Format.Rate(Throughput.Median(rates), "it/s")}";

    private static string Trials(IEnumerable<double> rates) => string.Join(" ", rates.Select(r => r.ToString("F1", CultureInfo.InvariantCulture)));

    // Trial i of each side ran back to back: their ratio is the comparison least moved by the machine's own swings.
    private static string Ratios(IReadOnlyList<double> subject, IReadOnlyList<double> baseline)
    {
        var paired = Throughput.Median(subject.Zip(baseline, (s, b) => s / b).ToList());
        return Format.Ratio(paired) + $" (best {Format.Ratio(subject.Max() / baseline.Max())}, medians {Format.Ratio(Throughput.Median(subject) / Throughput.Median(baseline))})";
    }
}
