using LuatHost.Luat.Loop;

namespace LuatHost.Luat;

/// <summary>
/// How one project run (one power-on) ended. <see cref="Detail"/> is the restart reason, or the
/// exit code os.exit gave.
/// </summary>
public sealed record LuatRunOutcome(bool Succeeded, string? Error, bool IsSyntaxError, LuatRunEnd? End, string? Detail)
{
    /// <summary>The error escaped while the scheduler ran (a timer callback, a subscriber, an rtos.on handler).</summary>
    public bool FailedWhileRunning { get; init; }

    public static LuatRunOutcome Completed { get; } = new(true, null, false, null, null);

    public static LuatRunOutcome Failed(string error, bool isSyntaxError = false) => new(false, error, isSyntaxError, null, null);

    public static LuatRunOutcome Ended(LuatRunEnd end, string? reason) => end == LuatRunEnd.OutOfMemory
        ? new(false, reason, false, end, reason)
        : new(end != LuatRunEnd.Exit || reason is null or "0", null, false, end, reason);
}
