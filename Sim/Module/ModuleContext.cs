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
    private readonly System.Threading.Channels.Channel<PendingUrc> _urcs =
        System.Threading.Channels.Channel.CreateUnbounded<PendingUrc>(new() { SingleReader = true });
    private int _urcPumpStarted;
    private int _generation;

    public ModuleOptions Options { get; } = options;
    public LinkWriter Writer { get; } = writer;
    public LinkConditions Conditions { get; } = conditions;
    public ModuleState State { get; } = new();
    /// <summary>Certificate files and the CA of each SSL context (<see cref="Commands.SslFileCommands"/>).</summary>
    public Tls.ModuleCertificates Certificates { get; } = new();
    public CancellationTokenSource Lifetime { get; } = new();

    /// <summary>Draws the realism latencies; seeded when <see cref="ModuleOptions.RandomSeed"/> is set. Used in the turn only.</summary>
    public Random Random { get; } = options.RandomSeed is { } seed ? new Random(seed) : new Random();

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
    /// module rebooted meanwhile. URCs come out in the order they were posted (two messages from the broker must
    /// reach the host as the broker sent them), so one pump drains them one after another.
    /// </summary>
    public void PostUrc(Func<Task> urc, UrcKind kind = UrcKind.Other)
    {
        TimeSpan realism;
        lock (Random)
        {
            realism = Options.Realism.Latency(kind, Random);
        }
        var due = DateTime.UtcNow + Conditions.UrcLatency + realism;
        _urcs.Writer.TryWrite(new PendingUrc(urc, Generation, due));
        if (Interlocked.CompareExchange(ref _urcPumpStarted, 1, 0) == 0)
        {
            _ = Task.Run(PumpUrcsAsync);
        }
    }

    private async Task PumpUrcsAsync()
    {
        try
        {
            await foreach (var pending in _urcs.Reader.ReadAllAsync(Lifetime.Token).ConfigureAwait(false))
            {
                try
                {
                    var wait = pending.Due - DateTime.UtcNow;
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, Lifetime.Token).ConfigureAwait(false);
                    }
                    await InTurnAsync(async () =>
                    {
                        if (pending.Generation == Generation && !Lifetime.IsCancellationRequested)
                        {
                            await pending.Urc().ConfigureAwait(false);
                        }
                    }).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.Error(ex, "virtual module: asynchronous URC failed");
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private readonly record struct PendingUrc(Func<Task> Urc, int Generation, DateTime Due);

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
