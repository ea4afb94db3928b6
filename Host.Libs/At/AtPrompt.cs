namespace LuatHost.At;

/// <summary>
/// A command that asks for data: the module prints a prompt, the engine sends <see cref="Payload"/> exactly, then the
/// command completes as usual (OK). Two prompt shapes exist in this dialect:
/// <list type="bullet">
/// <item><see cref="Download"/>: a whole line <c>DOWNLOAD</c> (AT+HTTPDATA=n,ms, source: docs/air724-at.md §4).</item>
/// <item><see cref="GreaterThan"/>: a bare <c>&gt;</c> (often followed by a space) with no line end (AT+MPUBEX, AT+FSWRITE; §5.1, §6).</item>
/// </list>
/// </summary>
public sealed record AtPrompt(AtPromptKind Kind, ReadOnlyMemory<byte> Payload)
{
    public static AtPrompt Download(ReadOnlyMemory<byte> payload) => new(AtPromptKind.DownloadLine, payload);

    public static AtPrompt GreaterThan(ReadOnlyMemory<byte> payload) => new(AtPromptKind.GreaterThan, payload);

    /// <summary>Prompt payloads may carry secrets (HTTP auth bodies with sign=); the trace redacts them as text when true.</summary>
    public bool PayloadIsText { get; init; } = true;
}

public enum AtPromptKind
{
    DownloadLine,
    GreaterThan,
}
