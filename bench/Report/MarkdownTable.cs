using System.Text;

namespace LuatHost.Bench.Report;

/// <summary>Prints results as the markdown table that goes into bench/RESULTS.md and the README.</summary>
public static class MarkdownTable
{
    public static string Render(IEnumerable<BenchResult> rows)
    {
        var text = new StringBuilder();
        text.AppendLine("| row | what was measured | result | baseline (same run) | ratio | command |");
        text.AppendLine("|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            text.Append("| ").Append(Cell(row.Id))
                .Append(" | ").Append(Cell(row.Measured))
                .Append(" | ").Append(Cell(row.Result))
                .Append(" | ").Append(Cell(row.Baseline))
                .Append(" | ").Append(Cell(row.Ratio))
                .Append(" | `").Append(row.Command.Replace("`", "'", StringComparison.Ordinal)).AppendLine("` |");
        }
        return text.ToString();
    }

    // A pipe inside a cell would split the row.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
