namespace LuatHost.At;

/// <summary>
/// Everything the generic engine needs to know about one module's AT dialect, as data: which lines are URCs, which
/// lines mean the module booted, which headers announce a counted payload, how each command completes and how long it
/// may take, and which arguments and answers are secrets. The engine is given one table and knows no command by name.
/// Build one with <see cref="AtDialectBuilder"/>; a modem family adds entries, never engine code:
/// <code>
/// var dialect = new AtDialectBuilder()
///     .Urc("+MSUB:").BootMarker("RDY")
///     .PayloadOnNextLine("+HTTPREAD:", header => CountedPayloadRule.TrailingNumber(header, "+HTTPREAD:"))
///     .Command(new AtCommandRule("AT+CIPSHUT") { Completion = AtCompletion.FinalLine("SHUT OK"), Timeout = TimeSpan.FromSeconds(90) })
///     .SecretArgument("AT+MCONFIG", argumentIndex: 2)
///     .Build();
/// await using var engine = new AtEngine(link, dialect);
/// </code>
/// Immutable and thread-safe once built.
/// </summary>
public sealed class AtDialect
{
    private readonly string[] _urcPrefixes;
    private readonly UrcPattern[] _urcPatterns;
    private readonly string[] _bootMarkers;
    private readonly Dictionary<string, AtCommandRule[]> _commandRules;
    private readonly Dictionary<string, SecretArgumentShape[]> _secretArguments;
    private readonly HashSet<string> _secretAnswers;

    internal AtDialect(AtDialectBuilder builder)
    {
        Name = builder.DialectName;
        _urcPrefixes = [.. builder.UrcPrefixes.Distinct(StringComparer.Ordinal)];
        _urcPatterns = [.. builder.UrcPatterns];
        _bootMarkers = [.. builder.BootMarkers];
        SameLinePayloads = [.. builder.Payloads.Where(p => p.Placement == CountedPayloadPlacement.SameLine)];
        NextLinePayloads = [.. builder.Payloads.Where(p => p.Placement == CountedPayloadPlacement.NextLine)];
        _commandRules = builder.CommandRules
            .GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
        _secretArguments = builder.SecretArguments
            .GroupBy(s => s.CommandName, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.OrdinalIgnoreCase);
        _secretAnswers = new HashSet<string>(builder.SecretAnswers, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>3GPP 27.007 / V.250 only: OK, ERROR, +CME/+CMS ERROR; no URC, no boot marker, no counted payload.</summary>
    public static AtDialect Generic { get; } = new AtDialectBuilder("generic").Build();

    /// <summary>For messages and diagnostics ("Air724").</summary>
    public string Name { get; }

    /// <summary>The URC prefixes this dialect starts with (the router may add more at run time).</summary>
    public IReadOnlyList<string> UrcPrefixes => _urcPrefixes;

    internal IReadOnlyList<UrcPattern> UrcPatterns => _urcPatterns;

    internal CountedPayloadRule[] SameLinePayloads { get; }

    internal CountedPayloadRule[] NextLinePayloads { get; }

    /// <summary>True for a line that means the module (re)booted (<c>RDY</c>).</summary>
    public bool IsBootMarker(string line)
    {
        foreach (var marker in _bootMarkers)
        {
            if (line == marker)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Builds a command from raw text with this dialect's completion, timeout and answer prefixes for it.</summary>
    public AtCommand Command(string text) => Shape(new AtCommand(text));

    /// <summary>Applies the first rule whose name and form match <paramref name="command"/>; unknown commands stay as they are.</summary>
    public AtCommand Shape(AtCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!_commandRules.TryGetValue(command.Name, out var rules))
        {
            return command;
        }
        foreach (var rule in rules)
        {
            if ((rule.Forms & command.Form) != 0)
            {
                return rule.ApplyTo(command);
            }
        }
        return command;
    }

    /// <summary>True when the answer of <paramref name="commandText"/> is itself a secret (the SN of <c>AT+WISN?</c>).</summary>
    public bool AnswersWithSecret(ReadOnlySpan<char> commandText) =>
        _secretAnswers.Count > 0 && _secretAnswers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(commandText.Trim());

    /// <summary>The argument positions of <paramref name="commandName"/> that carry secrets (none for most commands).</summary>
    public IReadOnlyList<SecretArgumentShape> SecretArgumentsOf(string commandName) =>
        _secretArguments.TryGetValue(commandName, out var shapes) ? shapes : [];

    /// <summary>Every secret argument shape, for a redactor that masks command lines it did not see sent.</summary>
    public IEnumerable<SecretArgumentShape> SecretArguments => _secretArguments.Values.SelectMany(s => s);

    public override string ToString() => Name;
}

/// <summary>
/// Where a counted payload sits relative to its header: on the same line right after it (<c>+MSUB: "t",5 byte,hello</c>)
/// or after the header's line end (<c>+HTTPREAD: 5</c> CRLF <c>hello</c>).
/// </summary>
public enum CountedPayloadPlacement
{
    SameLine,
    NextLine,
}

/// <summary>
/// A header that announces n raw bytes, which may hold CR/LF and so are read by length, never to end of line.
/// <paramref name="LengthOf"/> gets the header text (for <see cref="CountedPayloadPlacement.SameLine"/> up to and including
/// <paramref name="HeaderEnd"/>, else the trimmed line) and returns the byte count, or null when the text is not such a
/// header after all. It runs on the reader thread for lines that start with <paramref name="Prefix"/>: keep it cheap.
/// </summary>
public sealed record CountedPayloadRule(string Prefix, CountedPayloadPlacement Placement, Func<string, int?> LengthOf, char HeaderEnd = '\n')
{
    internal byte[] PrefixBytes { get; } = System.Text.Encoding.UTF8.GetBytes(Prefix);

    /// <summary>The integer after <paramref name="prefix"/> (<c>+HTTPREAD: 12</c> → 12), or null.</summary>
    public static int? NumberAfter(string header, string prefix) =>
        header.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(header.AsSpan(prefix.Length).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : null;
}

/// <summary>A URC recognised by something other than a fixed prefix (<c>0, CLOSED</c> carries a link number first).</summary>
public sealed record UrcPattern(string Description, Func<string, bool> Matches);

/// <summary>Which syntactic form of a command a rule applies to (V.250: execute, <c>?</c> read, <c>=?</c> test, <c>=</c> set).</summary>
[Flags]
public enum AtCommandForm
{
    Execute = 1,
    Query = 2,
    Test = 4,
    Set = 8,

    /// <summary>Every form but <c>=?</c>: a test form only lists parameters and finishes with OK like any plain command.</summary>
    AllButTest = Execute | Query | Set,
}

/// <summary>
/// One entry of the dialect's command table: for the named command (in the given forms) how it completes, how long it
/// may take, which answer lines belong to it and what a timeout most likely means. Unset fields leave the command as is.
/// </summary>
public sealed record AtCommandRule(string Name)
{
    public AtCommandForm Forms { get; init; } = AtCommandForm.AllButTest;

    public AtCompletion? Completion { get; init; }

    public TimeSpan? Timeout { get; init; }

    public IReadOnlyList<string>? ResponsePrefixes { get; init; }

    public string? TimeoutHint { get; init; }

    internal AtCommand ApplyTo(AtCommand command) => command with
    {
        Completion = Completion ?? command.Completion,
        Timeout = Timeout ?? command.Timeout,
        ResponsePrefixes = ResponsePrefixes ?? command.ResponsePrefixes,
        TimeoutHint = TimeoutHint ?? command.TimeoutHint,
    };
}

/// <summary>
/// A command argument that is a secret: the zero-based <see cref="ArgumentIndex"/> of <c>AT+NAME=a,b,c</c>, or the whole
/// value after <c>=</c> when <see cref="WholeValue"/> (the SN of <c>AT+WISN=</c>, which may hold the DeviceSecret).
/// </summary>
public sealed record SecretArgumentShape(string CommandName, int ArgumentIndex, bool WholeValue = false);
