using System.Diagnostics;

namespace LuatHost.Bench.Support;

/// <summary>
/// Stopwatch loops with warm-up: operations per second of an async operation, and the subject-vs-baseline pairing
/// that every ratio row uses (alternating trials, median of each side).
/// </summary>
public static class Throughput
{
    /// <summary>Runs <paramref name="operation"/> back to back for <paramref name="duration"/>; returns operations per second.</summary>
    public static async Task<double> MeasureAsync(Func<Task> operation, TimeSpan duration)
    {
        var count = 0L;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            await operation().ConfigureAwait(false);
            count++;
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Warms both up, then alternates trials; returns the median rate of each side.</summary>
    public static async Task<(double Subject, double Baseline)> CompareAsync(
        Func<Task<double>> subjectTrial, Func<Task<double>> baselineTrial, int trials)
    {
        var subject = new List<double>();
        var baseline = new List<double>();
        for (var i = 0; i < trials; i++)
        {
            baseline.Add(await baselineTrial().ConfigureAwait(false));
            subject.Add(await subjectTrial().ConfigureAwait(false));
        }
        return (Median(subject), Median(baseline));
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
