using System.Text;

namespace LuatHost.Testing.Transcripts;

/// <summary>
/// One file of <c>tests/FieldTranscripts</c>: what a real module printed (<c>&lt;</c>) and what the host sent (<c>&gt;</c>),
/// in order. Shared by the host-side and the module-side replays.
/// </summary>
internal sealed class FieldTranscript
{
    private FieldTranscript(string name, IReadOnlyList<(bool FromHost, string Text)> steps)
    {
        Name = name;
        Steps = steps;
    }

    public string Name { get; }

    public IReadOnlyList<(bool FromHost, string Text)> Steps { get; }

    /// <summary>Module lines printed before the first host command (URCs).</summary>
    public IEnumerable<string> Unsolicited => Steps.TakeWhile(s => !s.FromHost).Select(s => s.Text);

    /// <summary>Host commands in order, each with the module lines that follow it.</summary>
    public IEnumerable<(string Command, IReadOnlyList<string> Answer)> Exchanges
    {
        get
        {
            for (var i = 0; i < Steps.Count; i++)
            {
                if (!Steps[i].FromHost)
                {
                    continue;
                }
                var answer = Steps.Skip(i + 1).TakeWhile(s => !s.FromHost).Select(s => s.Text).ToList();
                yield return (Steps[i].Text, answer);
            }
        }
    }

    /// <summary>The bytes of <paramref name="lines"/> on the wire, each ended by CRLF (a counted payload's lines included).</summary>
    public static string Wire(IEnumerable<string> lines) => string.Concat(lines.Select(l => l + "\r\n"));

    public static FieldTranscript Load(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "FieldTranscripts", name);
        var steps = new List<(bool, string)>();
        foreach (var raw in File.ReadAllLines(path, Encoding.UTF8))
        {
            if (raw.StartsWith('>'))
            {
                steps.Add((true, raw[1..].Trim()));
            }
            else if (raw.StartsWith('<'))
            {
                steps.Add((false, raw.Length > 2 ? raw[2..] : ""));
            }
        }
        return new FieldTranscript(name, steps);
    }
}
