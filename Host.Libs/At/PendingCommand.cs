namespace LuatHost.At;

/// <summary>The one command in flight: what arrived for it so far and the tasks its caller awaits.</summary>
internal sealed class PendingCommand(AtCommand command, bool ignoreAnswersUntilEcho, FollowUpWaiter? followUp)
{
    public AtCommand Command { get; } = command;

    public List<AtLine> Lines { get; } = [];

    public AtCompletionState State { get; } = new();

    /// <summary>
    /// After a command was given up (timeout, cancel, reboot) and echo is on, lines before our own echo are the late
    /// answer to that command; ignoring them stops a late OK from completing this one.
    /// </summary>
    public bool IgnoreAnswersUntilEcho { get; set; } = ignoreAnswersUntilEcho;

    public bool EchoSeen { get; set; }

    /// <summary>The answer lines are secrets (the command says so, or the dialect lists it).</summary>
    public bool AnswerIsSecret { get; init; }

    public FollowUpWaiter? FollowUp { get; } = followUp;

    public TaskCompletionSource<AtResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource PromptSeen { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public bool IsAwaitingPrompt(AtPromptKind kind) =>
        Command.Prompt is { } prompt && prompt.Kind == kind && !PromptSeen.Task.IsCompleted && !Completion.Task.IsCompleted;

    public bool ClaimsLine(string text)
    {
        var prefixes = Command.ResponsePrefixes;
        for (var i = 0; i < prefixes.Count; i++)
        {
            if (text.StartsWith(prefixes[i], StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }
}
