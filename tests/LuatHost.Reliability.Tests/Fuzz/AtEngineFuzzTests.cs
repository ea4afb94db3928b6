using LuatHost.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.Fuzz;

/// <summary>
/// R1: generated frames (random bytes, valid lines with URCs anywhere, truncated/over-long/out-of-range counted
/// payloads, stray prompts, reboot URCs) through the real AT engine from a peer on a real in-memory duplex.
/// Frames: <see cref="SoakSettings.FuzzFrames"/> (1,000,000 by default, 10,000,000 with LUATHOST_SOAK=1), split over
/// four lanes with deterministic seeds (LUATHOST_FUZZ_SEED); echo is on in half the lanes, as a module fresh from boot.
/// </summary>
public sealed class AtEngineFuzzTests(ITestOutputHelper output)
{
    private const int Lanes = 4;

    public static TheoryData<int> LaneNumbers => new() { 0, 1, 2, 3 };

    [Theory]
    [MemberData(nameof(LaneNumbers))]
    public async Task Generated_frames_never_crash_or_hang_the_engine_and_every_command_completes_or_times_out(int lane)
    {
        var seed = unchecked(SoakSettings.FuzzSeed * 31 + lane);
        var frames = SoakSettings.FuzzFrames / Lanes;
        var report = await new FuzzLane(seed, echo: lane % 2 == 0).RunAsync(frames);

        output.WriteLine(report.ToString());
        output.WriteLine($"reproduce: LUATHOST_FUZZ_SEED={SoakSettings.FuzzSeed} LUATHOST_FUZZ_FRAMES={SoakSettings.FuzzFrames} (lane {lane}, seed {seed})");
        Assert.True(report.Failures.Count == 0,
            $"fuzz lane {lane} failed (seed {seed}, base seed {SoakSettings.FuzzSeed}):\n" + string.Join("\n", report.Failures.Take(5)));
        Assert.True(report.Frames >= frames, $"only {report.Frames} of {frames} frames were fed (seed {seed})");
        Assert.Equal(report.Rounds, report.Completed + report.TimedOut + report.InterruptedByReboot);
    }
}
