namespace LuatHost.Bench.Report;

/// <summary>
/// One row of the results table: what was measured, the measured value, the baseline measured in the same run, their
/// ratio (subject ÷ baseline, so above 1 means the subject is faster or bigger) and the command that reproduces it.
/// A row that could not run says why in <see cref="Measured"/> and leaves the numbers empty.
/// </summary>
public sealed record BenchResult(
    string Id,
    string Measured,
    string Result,
    string Baseline,
    string Ratio,
    string Command)
{
    public static BenchResult Skipped(string id, string what, string reason, string command) =>
        new(id, $"{what} — skipped: {reason}", "–", "–", "–", command);
}
