namespace LuatHost.At;

/// <summary>
/// One AT command and everything the engine needs to finish it: the text (without CR), how it completes, its
/// timeout, an optional prompt payload and an optional asynchronous follow-up.
/// <code>
/// new AtCommand("AT+CSQ")                                            // OK/ERROR, 9 s
/// new AtCommand("AT+CIFSR") { Completion = AtCompletion.BareIPv4 }
/// new AtCommand("AT+HTTPDATA=112,20000") { Prompt = AtPrompt.Download(body) }
/// new AtCommand("AT+MCONNECT=1,300") { FollowUp = new AtFollowUp("CONNACK", ["CONNACK OK"], TimeSpan.FromSeconds(10)) }
/// dialect.Command("AT+CIPSTATUS")                                   // the dialect table knows odd terminators
/// </code>
/// </summary>
public sealed record AtCommand
{
    /// <summary>9 s: the manual's default per-command maximum (at-commands.md §1).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(9);

    public AtCommand(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new AtArgumentException("An AT command is one line: remove CR/LF from the text (prompt data goes in AtPrompt).", nameof(text));
        }
        Text = text.Trim();
        Name = NameOf(Text);
        Form = FormOf(Text);
        ResponsePrefixes = DefaultResponsePrefixes(Text);
    }

    /// <summary>The command line as sent, without the terminator.</summary>
    public string Text { get; }

    /// <summary>The command name used in messages, without arguments (never carries secrets): <c>AT+MCONFIG</c>.</summary>
    public string Name { get; }

    /// <summary>Execute (<c>AT+X</c>), query (<c>AT+X?</c>), test (<c>AT+X=?</c>) or set (<c>AT+X=…</c>).</summary>
    public AtCommandForm Form { get; }

    public AtCompletion Completion { get; init; } = AtCompletion.Standard;

    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The likely cause appended to a timeout error ("the broker closes the TCP link if MCONNECT is late …").</summary>
    public string? TimeoutHint { get; init; }

    public AtPrompt? Prompt { get; init; }

    public AtFollowUp? FollowUp { get; init; }

    /// <summary>
    /// Line prefixes that belong to this command even when they are also URC prefixes (<c>+CPIN:</c> while AT+CPIN? is
    /// pending goes to the query). Defaults to <c>+NAME:</c> for query (<c>?</c>), test (<c>=?</c>) and argument-less forms;
    /// set commands claim nothing by default so an incoming <c>+MSUB:</c> during AT+MSUB=… stays a message.
    /// </summary>
    public IReadOnlyList<string> ResponsePrefixes { get; init; }

    /// <summary>
    /// The answer's data lines are secrets: the engine registers each with the redactor before it traces it, since
    /// no shape gives it away. The engine also sets it for commands its dialect lists (<see cref="AtDialect.AnswersWithSecret"/>).
    /// </summary>
    public bool AnswerIsSecret { get; init; }

    public override string ToString() => Name;

    private static string NameOf(string text)
    {
        var end = text.AsSpan().IndexOfAny('=', '?');
        return end < 0 ? text : text[..end];
    }

    private static AtCommandForm FormOf(string text) =>
        text.EndsWith("=?", StringComparison.Ordinal) ? AtCommandForm.Test
        : text.EndsWith('?') ? AtCommandForm.Query
        : text.Contains('=') ? AtCommandForm.Set
        : AtCommandForm.Execute;

    private static IReadOnlyList<string> DefaultResponsePrefixes(string text)
    {
        if (!text.StartsWith("AT+", StringComparison.OrdinalIgnoreCase) && !text.StartsWith("AT^", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        var isSet = text.Contains('=') && !text.EndsWith("=?", StringComparison.Ordinal);
        if (isSet)
        {
            return [];
        }
        var name = NameOf(text);
        return [string.Concat(name.AsSpan(2), ":").ToUpperInvariant()];
    }
}
