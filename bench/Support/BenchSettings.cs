using System.Globalization;

namespace LuatHost.Bench.Support;

/// <summary>
/// Run-wide knobs: <c>--seconds N</c> sets each measured trial's length (default 2 s); trials alternate subject and
/// baseline three times and the median of each is kept, so a noisy neighbour hurts both sides alike.
/// </summary>
public sealed record BenchSettings(TimeSpan Trial, int Trials, TimeSpan WarmUp)
{
    public static BenchSettings Parse(IReadOnlyList<string> args)
    {
        var seconds = 2.0;
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == "--seconds" && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0)
            {
                seconds = s;
            }
        }
        return new BenchSettings(TimeSpan.FromSeconds(seconds), 3, TimeSpan.FromSeconds(Math.Min(1, seconds)));
    }
}
