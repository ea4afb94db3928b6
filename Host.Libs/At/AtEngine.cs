using System.Text;

namespace LuatHost.At;

/// <summary>
/// The AT engine: one command in flight over a duplex link, a background reader that frames lines and counted
/// payloads, a URC router, follow-ups, prompts, timeouts, reboot detection and a redacted trace.
/// <code>
/// await using var engine = new AtEngine(stream, dialect);              // the module's dialect table (Air724Dialect.Table)
/// engine.Urcs.Register("+MSUB:", line => loop.Post(...));          // runs on the reader thread: never block
/// engine.Rebooted += e => loop.Post(...);
/// AtResponse r = await engine.ExecuteAsync("AT+CSQ");              // raw text, completion from the dialect table
/// r.EnsureOk();
/// var mconnect = new AtCommand("AT+MCONNECT=1,300") { FollowUp = new AtFollowUp("CONNACK", ["CONNACK OK"], TimeSpan.FromSeconds(10)) };
/// var connack = await (await engine.ExecuteAsync(mconnect)).EnsureOk().WaitFollowUpAsync();
/// </code>
/// <para>Routing of each received line, in order: echo of the pending command → prompt (DOWNLOAD) → follow-up waiters →
/// the pending command's own answer prefixes (a query wins over a URC with the same prefix) → the URC table → the
/// pending command's completion rule → "unrecognized". So a URC can never complete a command.</para>
/// <para>Errors: ERROR/+CME ERROR come back as values in <see cref="AtResponse"/> (use <see cref="AtResponse.EnsureOk"/>);
/// timeouts throw <see cref="AtTimeoutException"/> naming the command and likely cause; a closed link throws
/// <see cref="AtLinkClosedException"/>; cancellation throws <see cref="OperationCanceledException"/>.</para>
/// <para>Thread-safety: <see cref="ExecuteAsync(AtCommand, CancellationToken)"/> may be called from any thread; calls
/// queue (one command in flight). Events and URC handlers run on the reader thread and must not block.</para>
/// </summary>
public sealed partial class AtEngine : IAsyncDisposable, IAtFrameSink
{
    private readonly Stream _link;
    private readonly AtDialect _dialect;
    private readonly AtEngineOptions _options;
    private readonly AtTrace _trace;
    private readonly AtFrameReader _frames;
    private readonly FollowUpTracker _followUps = new();
    private readonly SemaphoreSlim _commandLock = new(1, 1);
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly NLog.Logger _log = NLog.LogManager.GetLogger("LuatHost.At");
    private readonly Task _readerLoop;
    private PendingCommand? _pending;
    private string? _givenUpCommand;
    private bool _givenUpCommandWasEchoed;
    private bool _echoSwitchedOff;
    private bool _rebootReportedSinceLastSuccess;
    private bool _anyCommandSucceeded;
    private Exception? _linkFailure;
    private bool _linkClosed;
    private int _disposed;

    /// <param name="link">The duplex link to the module.</param>
    /// <param name="dialect">The module's dialect table: URCs, boot markers, counted payloads, command rules, secrets.</param>
    public AtEngine(Stream link, AtDialect dialect, AtEngineOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(dialect);
        _link = link;
        _dialect = dialect;
        _options = options ?? new AtEngineOptions();
        _options.Redactor.Learn(dialect);
        Urcs = new UrcRouter(dialect);
        _trace = new AtTrace(_options.Redactor, _options.TraceLoggerName);
        _frames = new AtFrameReader(this, dialect);
        _readerLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>URC prefix table and handlers.</summary>
    public UrcRouter Urcs { get; }

    /// <summary>The dialect table this engine was given.</summary>
    public AtDialect Dialect => _dialect;

    public SecretRedactor Redactor => _options.Redactor;

    /// <summary>The module restarted (a boot marker such as RDY, or echo back after ATE0). Raised on the reader thread.</summary>
    public event Action<ModuleRebootEvent>? Rebooted;

    /// <summary>The link ended (null = clean end of stream). Raised once, on the reader thread.</summary>
    public event Action<Exception?>? LinkClosed;

    public bool IsLinkOpen => !Volatile.Read(ref _linkClosed);

    /// <summary>Sends raw command text with the completion the dialect table gives it (<see cref="AtDialect.Command"/>).</summary>
    public Task<AtResponse> ExecuteAsync(string commandText, CancellationToken cancellationToken = default) =>
        ExecuteAsync(_dialect.Command(commandText), cancellationToken);

    /// <summary>Sends one command and waits for its completion (one command in flight; later calls queue).</summary>
    public async Task<AtResponse> ExecuteAsync(AtCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(command);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        await _commandLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfLinkClosed(command);
            var followUp = command.FollowUp is null ? null : _followUps.Add(command.FollowUp, command.Name);
            PendingCommand pending;
            lock (_gate)
            {
                pending = new PendingCommand(command, _givenUpCommandWasEchoed, followUp)
                {
                    AnswerIsSecret = command.AnswerIsSecret || _dialect.AnswersWithSecret(command.Text),
                };
                _pending = pending;
            }
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(command.Timeout);
            try
            {
                await RunAsync(pending, deadline.Token).ConfigureAwait(false);
                var response = await pending.Completion.Task.WaitAsync(deadline.Token).ConfigureAwait(false);
                return response;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
            {
                Abandon(pending);
                var error = TimeoutError(pending);
                _log.Warn(error.Message);
                throw error;
            }
            catch (OperationCanceledException)
            {
                Abandon(pending);
                throw;
            }
            catch (IOException ex)
            {
                Abandon(pending);
                throw new AtLinkClosedException($"Writing {command.Name} to the module failed: {ex.Message}; check the cable, port or TCP server.", ex);
            }
            finally
            {
                lock (_gate)
                {
                    if (_pending == pending)
                    {
                        _pending = null;
                    }
                }
            }
        }
        finally
        {
            _commandLock.Release();
        }
    }

    private async Task RunAsync(PendingCommand pending, CancellationToken token)
    {
        var command = pending.Command;
        // Prompt commands end with CRLF: some firmware swallows the first data byte if it is LF (at-commands.md §8).
        await WriteAsync(command.Text + (command.Prompt is null ? "\r" : "\r\n"), token).ConfigureAwait(false);
        _trace.Sent(command.Text);
        if (command.Prompt is not { } prompt)
        {
            return;
        }
        var first = await Task.WhenAny(pending.PromptSeen.Task, pending.Completion.Task).WaitAsync(token).ConfigureAwait(false);
        if (first != pending.PromptSeen.Task)
        {
            return;
        }
        await _link.WriteAsync(prompt.Payload, token).ConfigureAwait(false);
        await _link.FlushAsync(token).ConfigureAwait(false);
        _trace.SentPayload(prompt.Payload.Span, prompt.PayloadIsText);
    }

    private async Task WriteAsync(string text, CancellationToken token)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _link.WriteAsync(bytes, token).ConfigureAwait(false);
        await _link.FlushAsync(token).ConfigureAwait(false);
    }

    private void Abandon(PendingCommand pending)
    {
        RememberGivenUp(pending);
        if (pending.FollowUp is { } followUp)
        {
            _followUps.Cancel(followUp);
        }
    }

    /// <summary>
    /// Only when the module echoes can a late answer be told apart from the next command's: it comes before our echo,
    /// or right after the given-up command's own (late) echo.
    /// </summary>
    private void RememberGivenUp(PendingCommand pending)
    {
        lock (_gate)
        {
            _givenUpCommand = pending.Command.Text;
            _givenUpCommandWasEchoed = pending.EchoSeen;
        }
    }

    private AtTimeoutException TimeoutError(PendingCommand pending)
    {
        var command = pending.Command;
        var waitingFor = command.Prompt is { } prompt && !pending.PromptSeen.Task.IsCompleted
            ? $" waiting for the {(prompt.Kind == AtPromptKind.DownloadLine ? "DOWNLOAD" : "'>'")} prompt"
            : pending.State.OkSeen ? " (OK came, the closing line did not)" : "";
        var hint = command.TimeoutHint ?? (pending.EchoSeen || pending.Lines.Count > 0
            ? "the module echoed or answered part of it but sent no final result"
            : _options.DefaultTimeoutHint);
        return new AtTimeoutException($"{command.Name} timed out after {AtException.FormatSeconds(command.Timeout)}{waitingFor}; {hint}");
    }

    private void ThrowIfLinkClosed(AtCommand command)
    {
        if (Volatile.Read(ref _linkClosed))
        {
            throw new AtLinkClosedException($"Cannot send {command.Name}: the link to the module is closed{(_linkFailure is null ? "" : $" ({_linkFailure.Message})")}; reopen the port.", _linkFailure);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        await _shutdown.CancelAsync().ConfigureAwait(false);
        if (_options.OwnsLink)
        {
            await _link.DisposeAsync().ConfigureAwait(false);
        }
        try
        {
            await _readerLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.Warn("The AT reader did not stop within 5 s after dispose");
        }
        _shutdown.Dispose();
        _commandLock.Dispose();
    }
}
