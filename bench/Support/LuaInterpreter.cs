using System.Diagnostics;

namespace LuatHost.Bench.Support;

/// <summary>A Lua interpreter on PATH (Debian's <c>lua5.4</c>, <c>lua5.1</c>), a baseline for bench row P3.</summary>
public sealed class LuaInterpreter
{
    private LuaInterpreter(string name, string path)
    {
        Name = name;
        Path = path;
    }

    public string Name { get; }

    public string Path { get; }

    /// <summary>The interpreter called <paramref name="name"/> on PATH; null when it is not installed.</summary>
    public static LuaInterpreter? Find(string name)
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(directory, name);
            if (File.Exists(candidate)) return new LuaInterpreter(name, candidate);
        }
        return null;
    }

    /// <summary>
    /// bench/lua/serve.lua on <paramref name="workload"/> in this interpreter, on <paramref name="cpu"/>
    /// (<see cref="CpuPinning"/>), after <paramref name="preamble"/> and <paramref name="ballast"/> small tables (lua -e):
    /// a process that runs batches of the workload on request.
    /// </summary>
    public Task<IWorkloadInstance> StartAsync(string workload, int ballast, int? cpu, string? preamble = null)
    {
        var serve = System.IO.Path.Combine(AppContext.BaseDirectory, "lua", "serve.lua");
        var arguments = new[] { "-e", (preamble is null ? "" : preamble + " ") + WorkloadSide.BallastChunk(ballast), serve, workload };
        var process = Start(arguments, redirectInput: true);
        CpuPinning.Pin(process, cpu);
        return LuaWorkloadProcess.StartAsync(process);
    }

    public async Task<string> VersionAsync()
    {
        using var process = Start(["-v"], redirectInput: false);
        // lua5.4 -v prints its banner on standard output, lua5.1 on standard error.
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (await output + await errors).Trim();
    }

    private Process Start(IEnumerable<string> arguments, bool redirectInput)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Path}");
    }
}
