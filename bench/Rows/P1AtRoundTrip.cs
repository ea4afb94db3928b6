using LuatHost.Modem;
using LuatHost.At;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P1: AT round trips per second through the host's <see cref="AtEngine"/> versus a bare write-then-read loop doing
/// the same <c>AT</c>/<c>OK</c> exchange on the same link to the same virtual module. Echo is switched off first (as
/// every host does), so each exchange is <c>AT\r</c> → <c>\r\nOK\r\n</c>. The bare loop runs first (it has no reader
/// of its own), then the engine takes over the very same stream.
/// </summary>
public static class P1AtRoundTrip
{
    private const string Command = "dotnet run -c Release --project bench -- p1";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        var rows = new List<BenchResult> { await MeasureAsync("P1a", await ModuleLink.InMemoryAsync(), settings) };
        if (OperatingSystem.IsLinux())
        {
            rows.Add(await MeasureAsync("P1b", await ModuleLink.PtyAsync(), settings));
        }
        else
        {
            rows.Add(BenchResult.Skipped("P1b", "AT round trip over a pty", "ptys are Linux-only (posix_openpt)", Command));
        }
        return rows;
    }

    private static async Task<BenchResult> MeasureAsync(string id, ModuleLink link, BenchSettings settings)
    {
        await using (link)
        {
            var bare = new BareAtLoop(link.Host);
            await bare.ExchangeAsync(BareAtLoop.Command("ATE0"));
            var at = BareAtLoop.Command("AT");
            var command = new AtCommand("AT");
            Func<Task> bareExchange = () => bare.ExchangeAsync(at);

            // Trials alternate, handing the same stream back and forth: the engine is disposed (without closing the
            // link) before the bare loop reads again, so neither side gains from running second.
            async Task<double> EngineTrialAsync(TimeSpan length)
            {
                await using var engine = new AtEngine(link.Host, Air724Dialect.Table, new AtEngineOptions { OwnsLink = false });
                return await Throughput.MeasureAsync(async () => (await engine.ExecuteAsync(command)).EnsureOk(), length);
            }

            await Throughput.MeasureAsync(bareExchange, settings.WarmUp);
            await EngineTrialAsync(settings.WarmUp);
            var (subject, baseline) = await Throughput.CompareAsync(
                () => EngineTrialAsync(settings.Trial),
                () => Throughput.MeasureAsync(bareExchange, settings.Trial),
                settings.Trials);
            return new BenchResult(id,
                $"AT→OK round trips/s through AtEngine.ExecuteAsync, {link.Description}, virtual module, echo off",
                Format.Rate(subject, "cmd/s"),
                Format.Rate(baseline, "cmd/s") + " (bare write-then-read-until-OK loop, same link)",
                Format.Ratio(subject / baseline),
                Command);
        }
    }
}
