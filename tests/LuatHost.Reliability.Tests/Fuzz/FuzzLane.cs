using LuatHost.Modem;
using System.Text;
using LuatHost.At;
using LuatHost.Transport;

namespace LuatHost.Reliability.Tests.Fuzz;

/// <summary>
/// One fuzz lane: a real <see cref="AtEngine"/> on the host end of a real in-memory duplex, and on the device end a
/// peer that reads each command and answers it with generated frames before a closing line. Every command must
/// complete (OK, an error final, a reboot interruption) or time out; any other exception, or a command that is still
/// waiting long after its own timeout, is a failure reported with the seed and round.
/// </summary>
internal sealed class FuzzLane
{
    /// <summary>Each command's own timeout: short, because only lost closing lines (rare) ever wait for it.</summary>
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromMilliseconds(250);

    /// <summary>Hang guard only: a command still pending this long after its timeout means the engine is stuck.</summary>
    public static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    /// <summary>One round in this many gets no closing line; kept rare because each one waits out its timeout.</summary>
    private const int SilentRoundOneIn = 4000;

    private readonly Random _random;
    private readonly FuzzFrameGenerator _frames;
    private readonly FuzzReport _report;
    private readonly List<byte> _wire = new(1024);

    public FuzzLane(int seed, bool echo)
    {
        _random = new Random(seed);
        _frames = new FuzzFrameGenerator(_random);
        _report = new FuzzReport(seed, echo);
    }

    public async Task<FuzzReport> RunAsync(long frameBudget)
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        var engine = new AtEngine(host, Air724Dialect.Table);
        var inbox = new DeviceInbox(device);
        var urcs = 0L;
        engine.Urcs.AnyUrc += _ => Interlocked.Increment(ref urcs);
        var finished = false;
        engine.LinkClosed += failure =>
        {
            if (!Volatile.Read(ref finished))
            {
                _report.Failures.Add($"seed {_report.Seed}: the engine reported its link closed mid-run ({failure?.Message ?? "end of stream"})");
            }
        };
        try
        {
            var streak = 0;
            while (_report.Frames < frameBudget && _report.Failures.Count == 0)
            {
                var timedOut = await RunRoundAsync(engine, inbox, device, _report.Rounds++).ConfigureAwait(false);
                streak = timedOut ? streak + 1 : 0;
                _report.LongestTimeoutStreak = Math.Max(_report.LongestTimeoutStreak, streak);
            }
            if (_report.Failures.Count == 0)
            {
                await HealthCheckAsync(engine, inbox, device).ConfigureAwait(false);
            }
        }
        finally
        {
            Volatile.Write(ref finished, true);
            await engine.DisposeAsync().ConfigureAwait(false);
            await inbox.DisposeAsync().ConfigureAwait(false);
            await device.DisposeAsync().ConfigureAwait(false);
        }
        _report.UrcsDelivered = Interlocked.Read(ref urcs);
        return _report;
    }

    /// <returns>True when the command timed out.</returns>
    private async Task<bool> RunRoundAsync(AtEngine engine, DeviceInbox inbox, Stream device, long number)
    {
        var kind = (FuzzRoundKind)_random.Next(Enum.GetValues<FuzzRoundKind>().Length);
        var round = FuzzRound.Create(kind, number, _random, CommandTimeout);
        var execution = engine.ExecuteAsync(round.Command);
        if (!await inbox.TakeCommandAsync(round.Command.Text, execution).ConfigureAwait(false))
        {
            return await ObserveAsync(round, execution, number).ConfigureAwait(false);
        }
        _wire.Clear();
        if (_report.Echo)
        {
            _wire.AddRange(Encoding.UTF8.GetBytes(round.Command.Text + "\r"));
        }
        AddFrames();
        if (round.PromptPayload is { } payload)
        {
            _frames.PayDebt(_wire);
            _wire.AddRange(round.Kind == FuzzRoundKind.DownloadPrompt ? "\r\nDOWNLOAD\r\n"u8 : "\r\n> "u8);
            Flush(device);
            inbox.SkipLeadingLineFeed();
            await inbox.TakeBytesAsync(payload.Length, execution).ConfigureAwait(false);
            AddFrames();
        }
        _frames.PayDebt(_wire);
        // Now and then the module goes silent mid-answer (a brown-out, a wrong baud): the command must time out.
        if (_random.Next(SilentRoundOneIn) != 0)
        {
            _wire.AddRange(Encoding.UTF8.GetBytes("\r\n" + round.Closer + "\r\n"));
        }
        Flush(device);
        return await ObserveAsync(round, execution, number).ConfigureAwait(false);
    }

    private void AddFrames()
    {
        for (var i = _random.Next(0, 17); i > 0; i--)
        {
            var kind = _frames.Next(_wire);
            _report.Frames++;
            _report.FrameKinds[kind] = _report.FrameKinds.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>Writes the round in random chunk sizes, so frames split across reads at every possible point.</summary>
    private void Flush(Stream device)
    {
        var bytes = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_wire);
        while (!bytes.IsEmpty)
        {
            var chunk = Math.Min(bytes.Length, _random.Next(1, 97));
            device.Write(bytes[..chunk]);
            bytes = bytes[chunk..];
        }
        _wire.Clear();
    }

    private async Task<bool> ObserveAsync(FuzzRound round, Task<AtResponse> execution, long number)
    {
        var where = $"seed {_report.Seed}, round {number} ({round.Kind}, {round.Command.Text})";
        try
        {
            var response = await execution.WaitAsync(HangGuard).ConfigureAwait(false);
            _report.Completed++;
            if (!response.IsOk)
            {
                _report.CompletedWithError++;
            }
            if (response.FollowUp is { } followUp)
            {
                await ObserveFollowUpAsync(followUp, where).ConfigureAwait(false);
            }
            return false;
        }
        catch (AtTimeoutException)
        {
            _report.TimedOut++;
            return true;
        }
        catch (AtModuleRebootedException)
        {
            _report.InterruptedByReboot++;
            return false;
        }
        catch (TimeoutException)
        {
            _report.Failures.Add($"{where}: still pending {HangGuard.TotalSeconds:0} s after its {CommandTimeout.TotalMilliseconds:0} ms timeout (the engine hangs)");
            return true;
        }
        catch (Exception ex)
        {
            _report.Failures.Add($"{where}: unexpected {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
            return false;
        }
    }

    private async Task ObserveFollowUpAsync(Task<AtFollowUpResult> followUp, string where)
    {
        try
        {
            await followUp.WaitAsync(HangGuard).ConfigureAwait(false);
            _report.FollowUpsCompleted++;
        }
        catch (AtTimeoutException)
        {
            _report.FollowUpsTimedOut++;
        }
        catch (AtModuleRebootedException)
        {
            _report.FollowUpsEndedOtherwise++;
        }
        catch (OperationCanceledException)
        {
            _report.FollowUpsEndedOtherwise++;
        }
        catch (TimeoutException)
        {
            _report.Failures.Add($"{where}: its PUBACK follow-up neither arrived nor timed out within {HangGuard.TotalSeconds:0} s");
        }
        catch (Exception ex)
        {
            _report.Failures.Add($"{where}: follow-up ended with unexpected {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
        }
    }

    /// <summary>After the storm, a clean exchange must still work: the engine kept reading and framing.</summary>
    private async Task HealthCheckAsync(AtEngine engine, DeviceInbox inbox, Stream device)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var command = new AtCommand($"AT+HEALTH={attempt}") { Timeout = TimeSpan.FromSeconds(2) };
            var execution = engine.ExecuteAsync(command);
            if (await inbox.TakeCommandAsync(command.Text, execution).ConfigureAwait(false))
            {
                // Pay any payload the framer may still expect, then a clean answer.
                _frames.PayDebt(_wire);
                _wire.AddRange(Encoding.UTF8.GetBytes((_report.Echo ? command.Text + "\r" : "") + "\r\n+HEALTH: ok\r\n\r\nOK\r\n"));
                Flush(device);
            }
            try
            {
                var response = await execution.WaitAsync(HangGuard).ConfigureAwait(false);
                if (response.IsOk && response.Lines.Any(l => l.Text == "+HEALTH: ok"))
                {
                    return;
                }
            }
            catch (AtException)
            {
                // A late line from the storm may take the first attempt; the next one must be clean.
            }
        }
        _report.Failures.Add($"seed {_report.Seed}: after {_report.Frames:N0} frames a clean AT exchange no longer completes");
    }
}
