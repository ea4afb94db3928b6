namespace LuatHost.At;

/// <summary>
/// The asynchronous result a command reports after its OK ("OK only means the module started processing",
/// docs/air724-at.md §1): <c>CONNECT OK</c> after AT+MIPSTART, <c>CONNACK OK</c> after AT+MCONNECT, <c>SUBACK</c>,
/// <c>PUBACK</c>, <c>+HTTPACTION: m,s,n</c> …
/// <para>The engine starts listening before the command is written (a fast module may answer before OK is parsed) and
/// starts <see cref="Timeout"/> when the command's OK arrives. Lines are matched by prefix; waiters for the same line
/// are served oldest first (PUBACKs arrive in publish order). A bare final code (ERROR) is taken only when no command
/// is in flight, so it can never steal a command's answer. A waiter stops listening when it ends, times out, or its
/// wait is cancelled (<see cref="AtResponse.WaitFollowUpAsync"/>), so it never takes a later command's line.</para>
/// </summary>
public sealed record AtFollowUp
{
    /// <param name="name">What is awaited, for error messages ("CONNACK").</param>
    /// <param name="successPrefixes">Lines that complete the follow-up successfully.</param>
    public AtFollowUp(string name, IReadOnlyList<string> successPrefixes, TimeSpan timeout)
    {
        Name = name;
        SuccessPrefixes = successPrefixes;
        Timeout = timeout;
    }

    public string Name { get; }

    public IReadOnlyList<string> SuccessPrefixes { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Lines that complete the follow-up as a failure (<c>CONNECT FAIL</c>, <c>ERROR</c>).</summary>
    public IReadOnlyList<string> FailurePrefixes { get; init; } = [];

    /// <summary>
    /// Lines that report the loss of what the follow-up travels over (<c>CLOSED</c>, <c>+CGEV: NW PDN DEACT</c>): they
    /// fail every waiting follow-up that lists them at once, not only the oldest (a dropped broker link ends every
    /// PUBACK still awaited), and they still reach the URC handlers, before the waiting callers resume.
    /// </summary>
    public IReadOnlyList<string> LinkLossPrefixes { get; init; } = [];

    /// <summary>Lines that are part of the follow-up but do not end it (<c>PUBREC</c> before <c>PUBCOMP</c>).</summary>
    public IReadOnlyList<string> IntermediatePrefixes { get; init; } = [];

    /// <summary>
    /// Drop later lines identical to the one that completed this follow-up until another follow-up with the same name
    /// starts (the module repeats <c>+HTTPACTION:</c> on SSL requests, docs/air724-at.md §4).
    /// </summary>
    public bool SuppressRepeats { get; init; }

    /// <summary>Why the follow-up may not arrive, appended to the timeout error.</summary>
    public string? TimeoutHint { get; init; }

    internal bool Matches(string line, out FollowUpLineKind kind)
    {
        if (StartsWithAny(line, SuccessPrefixes))
        {
            kind = FollowUpLineKind.Success;
            return true;
        }
        if (StartsWithAny(line, FailurePrefixes))
        {
            kind = FollowUpLineKind.Failure;
            return true;
        }
        if (StartsWithAny(line, IntermediatePrefixes))
        {
            kind = FollowUpLineKind.Intermediate;
            return true;
        }
        kind = default;
        return false;
    }

    internal bool EndsOnLinkLoss(string line) => StartsWithAny(line, LinkLossPrefixes);

    private static bool StartsWithAny(string line, IReadOnlyList<string> prefixes)
    {
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (line.StartsWith(prefixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}

internal enum FollowUpLineKind
{
    Success,
    Failure,
    Intermediate,
}

/// <summary>The line that ended a follow-up, with any intermediate lines before it.</summary>
public sealed record AtFollowUpResult(string Name, bool Succeeded, string Line, IReadOnlyList<string> IntermediateLines)
{
    /// <summary>Throws <see cref="AtFollowUpFailedException"/> when the module reported failure (CONNECT FAIL, ERROR).</summary>
    public AtFollowUpResult EnsureSucceeded(string commandName, string? hint = null) =>
        Succeeded ? this : throw new AtFollowUpFailedException(commandName, this, hint);
}
