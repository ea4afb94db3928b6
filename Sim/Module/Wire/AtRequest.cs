using System.Globalization;

namespace LuatHost.Sim.Module.Wire;

/// <summary>The four shapes of an extended AT command (3GPP 27.007 §4.1).</summary>
internal enum AtForm
{
    /// <summary><c>AT+X</c></summary>
    Execute,
    /// <summary><c>AT+X?</c></summary>
    Read,
    /// <summary><c>AT+X=?</c></summary>
    Test,
    /// <summary><c>AT+X=args</c></summary>
    Set,
}

/// <summary>One parsed command line: <c>AT+MPUB="t",1,0,"m"</c> → name <c>+MPUB</c>, form Set, four arguments.</summary>
internal sealed class AtRequest
{
    private AtRequest(string line, string name, AtForm form, string rawArguments)
    {
        Line = line;
        Name = name;
        Form = form;
        RawArguments = rawArguments;
        Arguments = SplitArguments(rawArguments);
    }

    public string Line { get; }

    /// <summary>Upper-case command name with its prefix character: <c>+CGSN</c>, <c>E</c>, <c>&amp;W</c>, or empty for bare <c>AT</c>.</summary>
    public string Name { get; }

    public AtForm Form { get; }

    /// <summary>Text after <c>=</c> (Set), or the digits after a basic command (<c>ATE0</c> → <c>0</c>).</summary>
    public string RawArguments { get; }

    public IReadOnlyList<AtArgument> Arguments { get; }

    /// <summary>Null when the line does not start with <c>AT</c> (the module ignores such lines).</summary>
    public static AtRequest? Parse(string line)
    {
        var text = line.Trim();
        if (text.Length < 2 || !text.StartsWith("AT", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var rest = text[2..];
        if (rest.Length == 0)
        {
            return new AtRequest(text, "", AtForm.Execute, "");
        }
        if (rest[0] is '+' or '*' or '^' or '&' or '$')
        {
            var end = 1;
            while (end < rest.Length && rest[end] is not ('=' or '?'))
            {
                end++;
            }
            var name = rest[..end].ToUpperInvariant();
            var tail = rest[end..];
            if (rest[0] == '&' && end > 2)
            {
                // AT&W0 style: one letter, digits as argument.
                return new AtRequest(text, rest[..2].ToUpperInvariant(), AtForm.Execute, rest[2..]);
            }
            return tail switch
            {
                "" => new AtRequest(text, name, AtForm.Execute, ""),
                "?" => new AtRequest(text, name, AtForm.Read, ""),
                "=?" => new AtRequest(text, name, AtForm.Test, ""),
                _ when tail[0] == '=' => new AtRequest(text, name, AtForm.Set, tail[1..]),
                _ => new AtRequest(text, name, AtForm.Execute, tail),
            };
        }
        // Basic command: one letter then optional digits (ATE0, ATI, ATZ).
        var basicName = rest[..1].ToUpperInvariant();
        var basicTail = rest[1..];
        return basicTail == "?"
            ? new AtRequest(text, basicName, AtForm.Read, "")
            : new AtRequest(text, basicName, AtForm.Execute, basicTail);
    }

    public string Text(int index) => index < Arguments.Count ? Arguments[index].Value : "";

    public bool TryInt(int index, out int value)
    {
        value = 0;
        return index < Arguments.Count
            && int.TryParse(Arguments[index].Value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Comma split that respects double quotes; quotes are removed from the value but remembered.</summary>
    private static List<AtArgument> SplitArguments(string raw)
    {
        var result = new List<AtArgument>();
        if (raw.Length == 0)
        {
            return result;
        }
        var start = 0;
        var inQuotes = false;
        for (var i = 0; i <= raw.Length; i++)
        {
            if (i == raw.Length || (raw[i] == ',' && !inQuotes))
            {
                result.Add(AtArgument.From(raw[start..i]));
                start = i + 1;
            }
            else if (raw[i] == '"')
            {
                inQuotes = !inQuotes;
            }
        }
        return result;
    }
}

/// <summary>One argument: <see cref="Value"/> without surrounding quotes, <see cref="Quoted"/> if it had them.</summary>
internal readonly record struct AtArgument(string Raw, string Value, bool Quoted)
{
    public static AtArgument From(string raw)
    {
        var trimmed = raw.Trim();
        return trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"'
            ? new AtArgument(raw, trimmed[1..^1], true)
            : new AtArgument(raw, trimmed, false);
    }
}
