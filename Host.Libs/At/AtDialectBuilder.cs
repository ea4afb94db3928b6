namespace LuatHost.At;

/// <summary>
/// Collects the entries of an <see cref="AtDialect"/>. Each command family of a modem adds its own entries (its URCs,
/// payload headers, command rules, secrets), so a new family is new entries, not a change to the engine.
/// </summary>
public sealed class AtDialectBuilder(string name = "custom")
{
    internal string DialectName { get; } = name;

    internal List<string> UrcPrefixes { get; } = [];

    internal List<UrcPattern> UrcPatterns { get; } = [];

    internal List<string> BootMarkers { get; } = [];

    internal List<CountedPayloadRule> Payloads { get; } = [];

    internal List<AtCommandRule> CommandRules { get; } = [];

    internal List<SecretArgumentShape> SecretArguments { get; } = [];

    internal List<string> SecretAnswers { get; } = [];

    /// <summary>Lines starting with these prefixes are URCs: they reach the URC handlers and never complete a command.</summary>
    public AtDialectBuilder Urc(params string[] prefixes)
    {
        foreach (var prefix in prefixes)
        {
            ArgumentException.ThrowIfNullOrEmpty(prefix);
            UrcPrefixes.Add(prefix);
        }
        return this;
    }

    /// <summary>A URC that no fixed prefix describes (<c>&lt;n&gt;, CLOSED</c>).</summary>
    public AtDialectBuilder Urc(string description, Func<string, bool> matches)
    {
        UrcPatterns.Add(new UrcPattern(description, matches));
        return this;
    }

    /// <summary>A line that means the module (re)booted (<c>RDY</c>). It is a URC too.</summary>
    public AtDialectBuilder BootMarker(string line)
    {
        BootMarkers.Add(line);
        UrcPrefixes.Add(line);
        return this;
    }

    /// <summary>A header followed on the same line by n raw bytes; <paramref name="headerEnd"/> is the character that may end it.</summary>
    public AtDialectBuilder PayloadOnSameLine(string prefix, char headerEnd, Func<string, int?> lengthOf)
    {
        Payloads.Add(new CountedPayloadRule(prefix, CountedPayloadPlacement.SameLine, lengthOf, headerEnd));
        return this;
    }

    /// <summary>A header line followed, after its line end, by n raw bytes.</summary>
    public AtDialectBuilder PayloadOnNextLine(string prefix, Func<string, int?> lengthOf)
    {
        Payloads.Add(new CountedPayloadRule(prefix, CountedPayloadPlacement.NextLine, lengthOf));
        return this;
    }

    /// <summary>A command rule; several rules for one name are tried in the order added (first form match wins).</summary>
    public AtDialectBuilder Command(AtCommandRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        CommandRules.Add(rule);
        return this;
    }

    /// <summary>The zero-based argument of <c>AT+NAME=…</c> that is masked in traces and transcripts.</summary>
    public AtDialectBuilder SecretArgument(string commandName, int argumentIndex)
    {
        SecretArguments.Add(new SecretArgumentShape(commandName, argumentIndex));
        return this;
    }

    /// <summary>The whole value after <c>AT+NAME=</c> is masked.</summary>
    public AtDialectBuilder SecretValue(string commandName)
    {
        SecretArguments.Add(new SecretArgumentShape(commandName, 0, WholeValue: true));
        return this;
    }

    /// <summary>The answer lines of this exact command text are secrets (<c>AT+WISN?</c>).</summary>
    public AtDialectBuilder SecretAnswer(string commandText)
    {
        SecretAnswers.Add(commandText);
        return this;
    }

    public AtDialect Build() => new(this);
}
