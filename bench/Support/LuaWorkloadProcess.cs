using System.Diagnostics;
using System.Globalization;

namespace LuatHost.Bench.Support;

/// <summary>
/// An interpreter running bench/lua/serve.lua: each batch is one line out (the iteration count) and one line back (the
/// CPU seconds the interpreter's os.clock measured, so its start-up and the pipe are not counted).
/// </summary>
public sealed class LuaWorkloadProcess : IWorkloadInstance
{
    private readonly Process _process;
    private readonly Task<string> _errors;

    private LuaWorkloadProcess(Process process, string checksum)
    {
        _process = process;
        _errors = process.StandardError.ReadToEndAsync();
        Checksum = checksum;
    }

    public string Checksum { get; }

    internal static async Task<IWorkloadInstance> StartAsync(Process process)
    {
        const string prefix = "checksum ";
        var first = await process.StandardOutput.ReadLineAsync();
        if (first is null || !first.StartsWith(prefix, StringComparison.Ordinal))
        {
            // Ended first, so its error output is complete (a script that printed something else is still waiting on input).
            if (!process.HasExited) process.Kill();
            var message = $"the workload did not start in {process.StartInfo.FileName}: {first}{await process.StandardError.ReadToEndAsync()}";
            process.Dispose();
            throw new InvalidOperationException(message);
        }
        return new LuaWorkloadProcess(process, first[prefix.Length..].Trim());
    }

    public async Task<double> RunAsync(int iterations)
    {
        await _process.StandardInput.WriteLineAsync(iterations.ToString(CultureInfo.InvariantCulture));
        await _process.StandardInput.FlushAsync();
        var answer = await _process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException($"{_process.StartInfo.FileName} stopped running the workload: {await _errors}");
        return double.Parse(answer, CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        // End of input ends serve.lua's loop.
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000)) _process.Kill();
        _process.Dispose();
    }
}
