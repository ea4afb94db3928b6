using LuatHost.Sim.Module.Wire;
using NLog;

namespace LuatHost.Sim.Module;

/// <summary>
/// What every command family shares within one session: options, the writer, the line/radio state and "the
/// module's turn" — a single-entry gate so commands and asynchronous completions (CONNECT OK, +MSUB…) never run at
/// the same time, much like the firmware's single AT task.
/// </summary>
internal sealed class ModuleContext(ModuleOptions options, LinkWriter writer, LinkConditions conditions)
{
    private static readonly Logger Log = LogManager.GetCurrentClassLogger();
    private readonly SemaphoreSlim _turn = new(1, 1);
    private int _generation;

    public ModuleOptions Options { get; } = options;
    public LinkWriter Writer { get; } = writer;
    public LinkConditions Conditions { get; } = conditions;
    public ModuleState State { get; } = new();
    public CancellationTokenSource Lifetime { get; } = new();

    /// <summary>Bumped by a reboot so completions started before it are dropped.</summary>
    public int Generation => Volatile.Read(ref _generation);

    public void NextGeneration() => Interlocked.Increment(ref _generation);

    public async Task<T> InTurnAsync<T>(Func<Task<T>> work)
    {
        await _turn.WaitAsync().ConfigureAwait(false);
        try
        {
            return await work().ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }

    public Task InTurnAsync(Func<Task> work) => InTurnAsync(async () =>
    {
        await work().ConfigureAwait(false);
        return true;
    });

    /// <summary>
    /// Runs <paramref name="urc"/> later, after the configured URC latency, in the module's turn — unless the
    /// module rebooted meanwhile.
    /// </summary>
    public void PostUrc(Func<Task> urc)
    {
        var generation = Generation;
        _ = Task.Run(async () =>
        {
            try
            {
                var latency = Conditions.UrcLatency;
                if (latency > TimeSpan.Zero)
                {
                    await Task.Delay(latency, Lifetime.Token).ConfigureAwait(false);
                }
                await InTurnAsync(async () =>
                {
                    if (generation == Generation && !Lifetime.IsCancellationRequested)
                    {
                        await urc().ConfigureAwait(false);
                    }
                }).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex)
            {
                Log.Error(ex, "virtual module: asynchronous URC failed");
            }
        });
    }

    /// <summary><c>ERROR</c>, <c>+CME ERROR: n</c> or the verbose text, per <c>AT+CMEE</c> (§1.1).</summary>
    public Task CmeErrorAsync(int code) => State.Cmee switch
    {
        0 => Writer.ErrorAsync(),
        2 => Writer.LineAsync("+CME ERROR: " + VerboseError(code)),
        _ => Writer.LineAsync("+CME ERROR: " + code),
    };

    private static string VerboseError(int code) => code switch
    {
        3 => "operation not allowed",
        4 => "operation not supported",
        10 => "SIM not inserted",
        14 => "SIM busy",
        _ => "unknown error " + code,
    };
}
