namespace LuatHost.Aliyun;

/// <summary>
/// Luat's reconnect rhythm (docs/luat-lib.md §3.10): a fixed pause between attempts (2 s, no exponential backoff) and,
/// after 5 failed connects in a row, a re-bring-up of the data bearer (Luat: link.shut) before trying again.
/// </summary>
public sealed record ReconnectPolicy
{
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);

    public int FailuresBeforeBearerReset { get; init; } = 5;

    /// <summary>How often the network readiness (AT+CGATT?, bearer) is polled while it is not there.</summary>
    public TimeSpan NetworkPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>True when this many consecutive failures call for a bearer reset (and the count restarts).</summary>
    public bool ShouldResetBearer(int consecutiveFailures) =>
        FailuresBeforeBearerReset > 0 && consecutiveFailures > 0 && consecutiveFailures % FailuresBeforeBearerReset == 0;
}
