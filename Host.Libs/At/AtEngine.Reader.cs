namespace LuatHost.At;

/// <summary>The reader side of the engine: the read loop, line routing and command completion (reader thread only).</summary>
public sealed partial class AtEngine
{
    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        Exception? failure = null;
        try
        {
            while (!_shutdown.IsCancellationRequested)
            {
                var n = await _link.ReadAsync(buffer, _shutdown.Token).ConfigureAwait(false);
                if (n == 0)
                {
                    break;
                }
                Volatile.Write(ref _lastByteTicks, Environment.TickCount64);
                _frames.Feed(buffer.AsSpan(0, n));
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            failure = _shutdown.IsCancellationRequested ? null : ex;
        }
        OnLinkClosed(failure);
    }

    private void OnLinkClosed(Exception? failure)
    {
        PendingCommand? pending;
        lock (_gate)
        {
            _linkFailure = failure;
            Volatile.Write(ref _linkClosed, true);
            pending = _pending;
        }
        var reason = Volatile.Read(ref _disposed) != 0 ? "the AT engine was disposed" : failure?.Message ?? "end of stream";
        pending?.Completion.TrySetException(new AtLinkClosedException(
            $"The link to the module closed while {pending.Command.Name} was waiting ({reason}); check the cable, port or TCP server.", failure));
        _followUps.FailAll(w => new AtLinkClosedException($"The link to the module closed while waiting for {w.Rule.Name} after {w.CommandName} ({reason}).", failure));
        if (failure is not null)
        {
            _log.Warn("AT link closed: {Reason}", failure.Message);
        }
        try
        {
            LinkClosed?.Invoke(failure);
        }
        catch (Exception ex)
        {
            _log.Error(ex, "LinkClosed handler threw");
        }
    }

    bool IAtFrameSink.IsAwaitingCharPrompt
    {
        get
        {
            lock (_gate)
            {
                return _pending?.IsAwaitingPrompt(AtPromptKind.GreaterThan) == true;
            }
        }
    }

    void IAtFrameSink.OnCharPrompt()
    {
        PendingCommand? pending;
        lock (_gate)
        {
            pending = _pending;
        }
        _trace.Prompt(">");
        pending?.PromptSeen.TrySetResult();
    }

    void IAtFrameSink.OnLine(AtLine line) => Route(line);

    /// <summary>
    /// Routes one received line, in order: reboot markers, echo, DOWNLOAD prompt, follow-up waiters, the pending
    /// command's own answer prefixes (data, or its failure when its completion rule says so), the URC table, the
    /// pending command's completion rule, else "unrecognized".
    /// </summary>
    private void Route(AtLine line)
    {
        var text = line.Text;
        PendingCommand? pending;
        string? givenUp;
        lock (_gate)
        {
            pending = _pending;
            givenUp = _givenUpCommand;
        }
        if (DetectReboot(line, pending))
        {
            return;
        }
        if (pending is not null && !pending.EchoSeen && text == givenUp && text != pending.Command.Text)
        {
            // The module is only now answering a command we gave up on (queued during boot, or slow).
            pending.IgnoreAnswersUntilEcho = true;
            _trace.Received(line, "echo of an earlier command");
            return;
        }
        if (pending is not null && !pending.EchoSeen && text == pending.Command.Text)
        {
            pending.EchoSeen = true;
            pending.IgnoreAnswersUntilEcho = false;
            _trace.Received(line, "echo");
            CheckEchoAfterAte0(line);
            return;
        }
        if (pending is not null && text == "DOWNLOAD" && pending.IsAwaitingPrompt(AtPromptKind.DownloadLine))
        {
            _trace.Prompt(text);
            pending.PromptSeen.TrySetResult();
            return;
        }
        var followUp = _followUps.TryConsume(text, pending is not null);
        if (followUp.Consumed)
        {
            _trace.Received(line, followUp.Kind == FollowUpMatchKind.DroppedRepeat ? "repeat dropped" : "follow-up " + followUp.Name);
            // A failure that is also a link event (CLOSED) must still reach the URC handlers, and first: as with a
            // reboot, listeners learn that the link is gone before the interrupted callers resume.
            if (followUp.Kind == FollowUpMatchKind.Failed && !FinalResultCodes.IsFinal(text) && Urcs.IsUrc(text))
            {
                Urcs.Dispatch(line);
            }
            followUp.Deliver();
            return;
        }
        if (pending is not null && pending.ClaimsLine(text))
        {
            // A claimed line can also be the command's failure: ATA's NO CARRIER, which is a URC at any other time.
            if (pending.Command.Completion.Classify(line, pending.State) == AtLineVerdict.CompleteError)
            {
                Complete(pending, line);
                return;
            }
            LearnSecretAnswer(pending, text);
            _trace.Received(line, "answer");
            pending.Lines.Add(line);
            return;
        }
        if (Urcs.IsUrc(text))
        {
            _trace.Received(line, "urc");
            Urcs.Dispatch(line);
            return;
        }
        if (pending is null)
        {
            _trace.Received(line, text.StartsWith("AT", StringComparison.OrdinalIgnoreCase) ? "stray echo" : "unrecognized");
            Urcs.DispatchUnrecognized(line);
            return;
        }
        Complete(pending, line);
    }

    private void Complete(PendingCommand pending, AtLine line)
    {
        if (pending.IgnoreAnswersUntilEcho)
        {
            _trace.Received(line, "late answer to an earlier command");
            return;
        }
        var verdict = pending.Command.Completion.Classify(line, pending.State);
        if (verdict is AtLineVerdict.Collect or AtLineVerdict.CollectAndCompleteOk)
        {
            LearnSecretAnswer(pending, line.Text);
        }
        _trace.Received(line, verdict switch
        {
            AtLineVerdict.Collect => "data",
            AtLineVerdict.Ignore => "kept",
            _ => "final",
        });
        switch (verdict)
        {
            case AtLineVerdict.Collect:
                pending.Lines.Add(line);
                return;
            case AtLineVerdict.Ignore:
                return;
            case AtLineVerdict.CollectAndCompleteOk:
                pending.Lines.Add(line);
                Finish(pending, FinalResultCodes.Ok, AtStatus.Ok, null);
                return;
            case AtLineVerdict.CompleteOk:
                Finish(pending, line.Text, AtStatus.Ok, null);
                return;
            default:
                var (status, code) = FinalResultCodes.ClassifyError(line.Text);
                Finish(pending, line.Text, status, code);
                return;
        }
    }

    /// <summary>The engine is the first to see a secret answer (the SN of AT+WISN?): mask it before anything traces it.</summary>
    private void LearnSecretAnswer(PendingCommand pending, string text)
    {
        if (pending.AnswerIsSecret)
        {
            _options.Redactor.RegisterAnswer(text);
        }
    }

    private void Finish(PendingCommand pending, string final, AtStatus status, int? code)
    {
        Release(pending);
        lock (_gate)
        {
            // The module answers in order: once this command is answered, the given-up one cannot answer any more.
            _givenUpCommand = null;
            _givenUpCommandWasEchoed = false;
        }
        var ok = status == AtStatus.Ok;
        if (ok)
        {
            _rebootReportedSinceLastSuccess = false;
            _anyCommandSucceeded = true;
            TrackEchoSetting(pending.Command.Text);
        }
        if (pending.FollowUp is { } followUp)
        {
            if (ok)
            {
                followUp.Arm();
            }
            else
            {
                _followUps.Cancel(followUp);
            }
        }
        pending.Completion.TrySetResult(new AtResponse(pending.Command, pending.Lines, final, status, code, ok ? pending.FollowUp : null));
    }

    /// <summary>
    /// The reader lets go of a finished command at once: lines after its final (a follow-up ERROR, a URC) must not be
    /// offered to it while its caller has not resumed yet.
    /// </summary>
    private void Release(PendingCommand pending)
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
