namespace LuatHost.Reliability.Tests.Fuzz;

/// <summary>What one fuzz lane saw; <see cref="Failures"/> must stay empty.</summary>
internal sealed class FuzzReport(int seed, bool echo)
{
    public int Seed { get; } = seed;
    public bool Echo { get; } = echo;
    public long Frames { get; set; }
    public long Rounds { get; set; }
    public long Completed { get; set; }
    public long CompletedWithError { get; set; }
    public long TimedOut { get; set; }
    public long InterruptedByReboot { get; set; }
    public long FollowUpsCompleted { get; set; }
    public long FollowUpsTimedOut { get; set; }
    public long FollowUpsEndedOtherwise { get; set; }
    public long UrcsDelivered { get; set; }
    public int LongestTimeoutStreak { get; set; }
    public Dictionary<FuzzFrameKind, long> FrameKinds { get; } = [];
    public List<string> Failures { get; } = [];

    public override string ToString() =>
        $"seed {Seed} (echo {(Echo ? "on" : "off")}): {Frames:N0} frames in {Rounds:N0} rounds; completed {Completed:N0} " +
        $"(error finals {CompletedWithError:N0}), timed out {TimedOut:N0} (longest streak {LongestTimeoutStreak}), " +
        $"interrupted by reboot URCs {InterruptedByReboot:N0}; follow-ups ok {FollowUpsCompleted:N0} / timed out {FollowUpsTimedOut:N0} / " +
        $"other {FollowUpsEndedOtherwise:N0}; URCs delivered {UrcsDelivered:N0}; frames by kind: " +
        string.Join(", ", FrameKinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value:N0}"));
}
