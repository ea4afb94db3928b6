namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// One row of the bad-input table: how to provoke it (the CLI arguments, given a fresh <see cref="CaseFolder"/>), the
/// exit code a user must get, and a stable fragment of the one line that tells them what is wrong.
/// </summary>
public sealed record BadInputCase(string Name, int ExpectedExitCode, string ExpectedFragment, Func<CaseFolder, string[]> Arguments)
{
    /// <summary>Kill the child after this long (a case that hangs fails instead of blocking the run).</summary>
    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The mistake does not end the run (Luat keeps retrying), so the child is ended at the first line that names it
    /// instead of waiting out <c>--for</c>; that it was still running then is what the exit code 0 stands for.
    /// </summary>
    public bool EndsAtLine { get; init; }

    /// <summary>
    /// <c>--for</c> for a case that <see cref="EndsAtLine"/>: only the net under a run whose line never comes (it would
    /// then end with 0 and fail), so it is long enough for a loaded machine to reach the line, and under <see cref="Budget"/>.
    /// </summary>
    public static readonly string[] UntilTheLine = ["--for", "45s"];

    public override string ToString() => Name;
}
