namespace LuatHost.At;

/// <summary>
/// What a finished command produced: its data lines (echo, URCs and the final line removed), the final line and status,
/// and, when the command declared one, the pending follow-up.
/// <para>Errors are values here (raw requests want the text); typed callers use <see cref="EnsureOk"/>.</para>
/// </summary>
public sealed class AtResponse
{
    private readonly FollowUpWaiter? _followUp;

    internal AtResponse(AtCommand command, IReadOnlyList<AtLine> lines, string final, AtStatus status, int? errorCode, FollowUpWaiter? followUp)
    {
        Command = command;
        Lines = lines;
        Final = final;
        Status = status;
        ErrorCode = errorCode;
        _followUp = followUp;
    }

    public AtCommand Command { get; }

    public string CommandName => Command.Name;

    /// <summary>Data lines in arrival order (for CIFSR the IP line is <see cref="Final"/>; for CIPSTATUS the STATE line is here).</summary>
    public IReadOnlyList<AtLine> Lines { get; }

    /// <summary>The terminating line: OK, ERROR, +CME ERROR: 10, SHUT OK, 10.0.0.2 …</summary>
    public string Final { get; }

    public AtStatus Status { get; }

    public bool IsOk => Status == AtStatus.Ok;

    /// <summary>The +CME/+CMS numeric code, if any.</summary>
    public int? ErrorCode { get; }

    /// <summary>The follow-up (CONNECT OK, PUBACK …) when the command declared one and succeeded; else null.</summary>
    public Task<AtFollowUpResult>? FollowUp => _followUp?.Task;

    /// <summary>Throws <see cref="AtCommandFailedException"/> unless the command succeeded.</summary>
    public AtResponse EnsureOk(string? hint = null) => IsOk ? this : throw new AtCommandFailedException(this, hint);

    /// <summary>The first data line starting with <paramref name="prefix"/>, or null.</summary>
    public AtLine? FindLine(string prefix)
    {
        foreach (var line in Lines)
        {
            if (line.Text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return line;
            }
        }
        return null;
    }

    /// <summary>
    /// Waits for the follow-up; throws if the command had none. Cancelling withdraws the waiter from the engine: the
    /// line it was waiting for is then free for a later command's follow-up (a PUBACK is never swallowed by a wait
    /// that was given up).
    /// </summary>
    public Task<AtFollowUpResult> WaitFollowUpAsync(CancellationToken cancellationToken = default) =>
        _followUp is null
            ? throw new InvalidOperationException($"{CommandName} has no follow-up to wait for.")
            : _followUp.WaitAsync(cancellationToken);

    /// <summary>The response as the module printed it (data lines then the final line), for terminals and ril.request.</summary>
    public IEnumerable<string> TextLines()
    {
        foreach (var line in Lines)
        {
            if (!line.HasPayload)
            {
                yield return line.Text;
                continue;
            }
            // +MSUB carries its payload on the header line; +HTTPREAD puts it on the lines after the header.
            var payload = System.Text.Encoding.UTF8.GetString(line.Payload.Span);
            yield return line.Text.EndsWith(',') ? line.Text + payload : line.Text + "\r\n" + payload;
        }
        yield return Final;
    }

    public override string ToString() => $"{CommandName} -> {Final}";
}
