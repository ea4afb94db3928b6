using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P4: process start to the first AT byte on the wire. The bench owns a TcpListener on loopback and starts
/// <c>dotnet luathost.dll run &lt;fixture&gt; --port tcp://127.0.0.1:N</c>; the clock stops when the first byte arrives and the
/// process is then killed. Three subjects: a Lua project (ril.request("AT") at its top), a C# script with a cold
/// compile cache (fresh working folder) and with the cache warm. Baseline: a trivial dotnet process (this bench's own
/// dll with <c>hello</c>) from start to its first stdout line. Median of 5 runs each.
/// </summary>
public static class P4Startup
{
    private const string Command = "dotnet run -c Release --project bench -- p4";
    private const int Runs = 5;
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(90);

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        var output = AppContext.BaseDirectory;
        var luathost = Path.Combine(output, "luathost.dll");
        var bench = Path.Combine(output, "LuatHost.Bench.dll");
        var luaProject = Path.Combine(output, "fixtures", "startup-lua");
        var csx = Path.Combine(output, "fixtures", "startup-csx", "flow.csx");

        var baseline = await MedianAsync(_ => HelloAsync(bench));
        var lua = await MedianAsync(work => FirstAtByteAsync(luathost, work, luaProject, "--fs", Path.Combine(work, "fs")));
        var cold = await MedianAsync(work => FirstAtByteAsync(luathost, work, csx));
        using var warmFolder = new TempFolder();
        await FirstAtByteAsync(luathost, warmFolder.Path, csx); // fills .luathost/cache/csx in that folder
        var warm = await MedianAsync(_ => FirstAtByteAsync(luathost, warmFolder.Path, csx));

        var baselineText = Format.Ms(baseline) + " (`dotnet LuatHost.Bench.dll hello` to its first stdout line)";
        // Ratio = how many times longer than a bare dotnet start (a start-up cost, so larger is worse).
        return
        [
            Row("P4a", "Lua project (ril.request(\"AT\") at top level, --fs given)", lua, baseline, baselineText),
            Row("P4b", "C# script, compiled-script cache cold (fresh working folder)", cold, baseline, baselineText),
            Row("P4c", "C# script, compiled-script cache warm", warm, baseline, baselineText),
        ];
    }

    private static BenchResult Row(string id, string what, double ms, double baselineMs, string baselineText) =>
        new(id, $"process start → first AT byte on tcp://127.0.0.1 (`dotnet luathost.dll run … --port`), {what}, median of {Runs}",
            Format.Ms(ms), baselineText, Format.Ratio(ms / baselineMs) + " of baseline time", Command);

    private static async Task<double> MedianAsync(Func<string, Task<double>> run)
    {
        var times = new List<double>();
        for (var i = 0; i < Runs; i++)
        {
            using var work = new TempFolder();
            times.Add(await run(work.Path));
        }
        return Throughput.Median(times);
    }

    private static async Task<double> HelloAsync(string benchDll)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(benchDll);
        start.ArgumentList.Add("hello");
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadLineAsync().WaitAsync(Guard);
        var elapsed = clock.Elapsed.TotalMilliseconds;
        await process.WaitForExitAsync();
        return elapsed;
    }

    private static async Task<double> FirstAtByteAsync(string luathost, string workingDirectory, string target, params string[] extra)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { luathost, "run", target, "--port", $"tcp://127.0.0.1:{port}" }.Concat(extra))
        {
            start.ArgumentList.Add(argument);
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            using var client = await listener.AcceptTcpClientAsync().WaitAsync(Guard);
            var first = new byte[1];
            var n = await client.GetStream().ReadAsync(first).AsTask().WaitAsync(Guard);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (n == 0)
            {
                throw new InvalidOperationException($"luathost closed the link before sending AT: {await stderr}");
            }
            return elapsed;
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"luathost sent no AT byte within {Guard.TotalSeconds:0} s: {await stdout} {await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            await process.WaitForExitAsync();
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("luathost-bench-p4-").FullName;

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A killed child may still hold a file for a moment; a temp leftover is harmless.
            }
        }
    }
}
