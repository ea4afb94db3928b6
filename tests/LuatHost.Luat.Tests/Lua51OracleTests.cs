using System.Text;
using LuatHost.Luat;
using LuatHost.Runtime;
using Xunit.Abstractions;

namespace LuatHost.Luat.Tests;

/// <summary>
/// The Lua 5.1 oracle: every snippet of Oracle/corpus.lua runs in a fresh Luat state and its output
/// is compared with what Debian's lua5.1 printed for it (Oracle/expected.txt, made by
/// Oracle/regenerate.sh). A snippet may differ only if the corpus says why (a `--!! reason` line).
/// </summary>
public sealed class Lua51OracleTests(ITestOutputHelper output)
{
    // io.write joins print's output line by line, so the two interleave as on a console.
    private const string Harness = """
        local rawprint, pending = print, ""
        io.write = function(...)
          for i = 1, select("#", ...) do pending = pending .. tostring((select(i, ...))) end
          while true do
            local line, rest = pending:match("^(.-)\n(.*)$")
            if not line then break end
            rawprint(line)
            pending = rest
          end
        end
        print = function(...)
          if pending == "" then return rawprint(...) end
          local parts = {}
          for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
          local line = pending .. table.concat(parts, "\t")
          pending = ""
          rawprint(line)
        end
        function __oracle_flush()
          if pending ~= "" then rawprint(pending) end
          pending = ""
        end
        """;

    [Fact]
    public void Luat_state_prints_what_lua51_printed_for_at_least_98_percent_of_the_corpus()
    {
        var snippets = OracleCorpus.Load();
        var matched = 0;
        var unexplained = new List<string>();
        var explained = new List<string>();
        foreach (var snippet in snippets)
        {
            var actual = Run(snippet.Code);
            if (actual == snippet.Expected)
            {
                matched++;
                continue;
            }
            var report = $"{snippet.Name}\n  lua5.1:   {Show(snippet.Expected)}\n  luathost: {Show(actual)}";
            if (snippet.KnownDifference is { } reason) explained.Add(report + "\n  reason:   " + reason);
            else unexplained.Add(report);
        }
        var percent = 100.0 * matched / snippets.Count;
        output.WriteLine($"Lua 5.1 oracle: {matched}/{snippets.Count} snippets match ({percent:F1} %), {explained.Count} known differences, {unexplained.Count} unexplained");
        foreach (var line in explained) output.WriteLine(line);
        Assert.True(snippets.Count >= 300, $"the corpus has only {snippets.Count} snippets");
        Assert.True(unexplained.Count == 0, "differences without a reason in the corpus:\n" + string.Join("\n", unexplained));
        Assert.True(percent >= 98.0, $"only {percent:F1} % of the corpus matches lua5.1");
    }

    private static string Run(string code)
    {
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options());
        var setup = runtime.RunString(Harness, "=harness");
        Assert.True(setup.Succeeded, setup.Error);
        var outcome = runtime.RunString(code, "@snippet.lua");
        if (!outcome.Succeeded) runtime.RunString("print('lua5.1: ' .. " + LuaQuote(outcome.Error ?? "") + ")", "=harness");
        runtime.RunString("__oracle_flush()", "=harness");
        var text = new StringBuilder();
        foreach (var line in project.Lines) text.Append(line).Append('\n');
        return text.ToString();
    }

    private static string LuaQuote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";

    private static string Show(string s) => s.Replace("\n", "⏎");
}

/// <summary>The oracle corpus: snippets (`--## name`, optional `--!! reason`) and lua5.1's outputs.</summary>
internal static class OracleCorpus
{
    public sealed record Snippet(string Name, string Code, string Expected, string? KnownDifference);

    public static List<Snippet> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Oracle");
        var codes = Split(File.ReadAllText(Path.Combine(folder, "corpus.lua")));
        var expected = Split(File.ReadAllText(Path.Combine(folder, "expected.txt"))).ToDictionary(e => e.Name, e => e.Body);
        return codes.Select(c =>
        {
            var lines = c.Body.Split('\n');
            var reason = lines.FirstOrDefault(l => l.StartsWith("--!! ", StringComparison.Ordinal))?[5..];
            return new Snippet(c.Name, c.Body, expected.TryGetValue(c.Name, out var e) ? e : "(no expected output)", reason);
        }).ToList();
    }

    private static List<(string Name, string Body)> Split(string text)
    {
        var result = new List<(string Name, string Body)>();
        text = text.Replace("\r\n", "\n");
        if (text.EndsWith('\n')) text = text[..^1];
        string? name = null;
        var body = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("--## ", StringComparison.Ordinal))
            {
                if (name is not null) result.Add((name, body.ToString()));
                name = line[5..].Trim();
                body.Clear();
            }
            else if (name is not null)
            {
                body.Append(line).Append('\n');
            }
        }
        if (name is not null) result.Add((name, body.ToString()));
        return result;
    }
}
