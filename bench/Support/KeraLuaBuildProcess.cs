using System.Diagnostics;
using System.Globalization;
using LuatHost.Luat;

namespace LuatHost.Bench.Support;

/// <summary>
/// P3e's baseline: <see cref="BareLuaWorkload"/> in a child bench process started with
/// <c>LUATHOST_LUA_LIBRARY=keralua</c>, so the same bare state runs on KeraLua's own liblua54 while this process runs on
/// the library <see cref="LuaNativeLibrary"/> chose (one process can bind only one). It speaks bench/lua/serve.lua's
/// protocol: "checksum N", then one line of CPU seconds for every line of iterations read.
/// </summary>
public static class KeraLuaBuildProcess
{
    public const string Command = "serve-keralua";

    /// <summary>The child bench process on <paramref name="cpu"/>, its workload loaded and warmed up.</summary>
    public static Task<IWorkloadInstance> StartAsync(string workload, int ballast, int? cpu)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("bench: cannot find its own executable");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // Under `dotnet LuatHost.Bench.dll` the process is dotnet itself and needs the assembly first.
        if (Path.GetFileNameWithoutExtension(self) == "dotnet") start.ArgumentList.Add(typeof(KeraLuaBuildProcess).Assembly.Location);
        foreach (var argument in new[] { Command, workload, ballast.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(argument);
        start.Environment[LuaNativeLibrary.Variable] = "keralua";
        var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {self}");
        CpuPinning.Pin(process, cpu);
        return LuaWorkloadProcess.StartAsync(process);
    }

    /// <summary>The child's side: serves batches of the workload until its input ends.</summary>
    public static async Task<int> ServeAsync(string workload, int ballast)
    {
        using var bare = BareLuaWorkload.Start(workload, ballast, cpu: null);
        Console.WriteLine("checksum " + bare.Checksum);
        while (Console.ReadLine() is { } line)
        {
            var seconds = await bare.RunAsync(int.Parse(line, CultureInfo.InvariantCulture));
            Console.WriteLine(seconds.ToString("F9", CultureInfo.InvariantCulture));
        }
        return 0;
    }
}
