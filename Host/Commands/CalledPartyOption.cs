using System.CommandLine;
using LuatHost.Sim.Module;

namespace LuatHost.Cli.Commands;

/// <summary><c>--called-party answers|busy|no-answer</c>: what a number the client dials does on the virtual network (<c>sim</c>).</summary>
internal static class CalledPartyOption
{
    public static Option<string> Create() => new("--called-party")
    {
        Description = "What a dialled number does: answers (after 2 s, the default), busy (BUSY at once) or no-answer (NO ANSWER after 2 s).",
        DefaultValueFactory = _ => "answers",
    };

    /// <summary>Throws <see cref="ArgumentException"/> (an input mistake, exit 2) for anything else.</summary>
    public static CalledParty Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "answers" => CalledParty.Answers,
        "busy" => CalledParty.Busy,
        "no-answer" => CalledParty.NoAnswer,
        _ => throw new ArgumentException($"--called-party '{text}' is not one of answers, busy, no-answer"),
    };
}
