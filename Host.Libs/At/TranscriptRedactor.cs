namespace LuatHost.At;

/// <summary>
/// Redacts the <c>--record</c> transcript (pass <see cref="Redact"/> to the recording stream; one instance per
/// transcript). Every entry goes through the <see cref="SecretRedactor"/>; in addition the answer to a command that
/// <see cref="AtDialect.AnswersWithSecret">answers with a secret</see> in the module's dialect is masked by position: the transcript sees
/// the module's bytes before the engine has parsed them, so the SN that <c>AT+WISN?</c> prints (where Luat demos keep
/// the DeviceSecret) is not known by value yet. Until that command's final code every received line except its echo
/// is masked, a URC that slips in included: a transcript may lose a line, never a secret.
/// <para>Not thread-safe: the recording stream calls it under its own lock, in byte order.</para>
/// </summary>
public sealed class TranscriptRedactor
{
    private readonly SecretRedactor _redactor;
    private readonly AtDialect _dialect;

    /// <summary>Also teaches <paramref name="redactor"/> the dialect's secret command shapes.</summary>
    public TranscriptRedactor(SecretRedactor redactor, AtDialect dialect)
    {
        _redactor = redactor;
        _dialect = dialect;
        redactor.Learn(dialect);
    }

    private bool _secretAnswerPending;

    public string Redact(string entry, bool hostToModule)
    {
        if (hostToModule)
        {
            _secretAnswerPending = _dialect.AnswersWithSecret(entry.AsSpan().Trim("\r\n"));
            return _redactor.Redact(entry);
        }
        var line = entry.Trim();
        if (!_secretAnswerPending || line.Length == 0 || _dialect.AnswersWithSecret(line))
        {
            return _redactor.Redact(entry);
        }
        if (FinalResultCodes.IsFinal(line))
        {
            _secretAnswerPending = false;
            return _redactor.Redact(entry);
        }
        if (line.Contains("ERROR", StringComparison.Ordinal))
        {
            return _redactor.Redact(entry);
        }
        var secret = SecretRedactor.SecretValueOf(line);
        return _redactor.Redact(secret.Length == 0 ? entry : entry.Replace(secret, SecretRedactor.Mask, StringComparison.Ordinal));
    }
}
