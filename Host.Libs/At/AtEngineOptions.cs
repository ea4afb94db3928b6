namespace LuatHost.At;

/// <summary>Engine settings; the defaults suit a real Air724UG and the virtual module.</summary>
public sealed record AtEngineOptions
{
    /// <summary>Masks secrets in the trace; defaults to the process-wide <see cref="SecretRedactor.Shared"/>.</summary>
    public SecretRedactor Redactor { get; init; } = SecretRedactor.Shared;

    /// <summary>NLog logger for raw traffic (level Trace).</summary>
    public string TraceLoggerName { get; init; } = "LuatHost.At.Trace";

    /// <summary>Dispose the link with the engine.</summary>
    public bool OwnsLink { get; init; } = true;

    /// <summary>The likely cause appended to a command timeout when the command gives none.</summary>
    public string DefaultTimeoutHint { get; init; } =
        "the module did not answer (check that it is powered, that the port and baud rate are right, and that AT answers OK)";
}
