using System.Globalization;

namespace LuatHost.Reliability.Tests.Support;

/// <summary>
/// How long the reliability tests run. CI gets short defaults so the whole project finishes in about two minutes;
/// <c>LUATHOST_SOAK=1</c> switches every test to its long form, and single knobs can be set one by one.
/// </summary>
public static class SoakSettings
{
    /// <summary>True when <c>LUATHOST_SOAK=1</c>: the long runs (1,000,000 fuzz frames, a longer fault soak).</summary>
    public static bool IsSoak => Environment.GetEnvironmentVariable("LUATHOST_SOAK") is "1" or "true";

    /// <summary>
    /// R1: frames fed through the AT engine (<c>LUATHOST_FUZZ_FRAMES</c>). The full million runs in CI (it takes
    /// seconds: frames are small and fed without pauses); a soak feeds ten million.
    /// </summary>
    public static int FuzzFrames => Int("LUATHOST_FUZZ_FRAMES", IsSoak ? 10_000_000 : 1_000_000);

    /// <summary>R1: base seed (<c>LUATHOST_FUZZ_SEED</c>); each fuzz lane derives its own from it.</summary>
    public static int FuzzSeed => Int("LUATHOST_FUZZ_SEED", 20261126);

    /// <summary>R2: QoS1 messages published during the fault soak (<c>LUATHOST_SOAK_MESSAGES</c>).</summary>
    public static int SoakMessages => Int("LUATHOST_SOAK_MESSAGES", IsSoak ? 2_000 : 150);

    /// <summary>R2: faults injected during the soak (<c>LUATHOST_SOAK_FAULTS</c>).</summary>
    public static int SoakFaults => Int("LUATHOST_SOAK_FAULTS", IsSoak ? 200 : 12);

    private static int Int(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
