using System.Globalization;
using System.Text;
using LuatHost.At;

namespace LuatHost.Reliability.Tests.Fuzz;

/// <summary>The command shapes a fuzz round sends, one per completion rule and prompt kind the engine knows.</summary>
internal enum FuzzRoundKind
{
    Standard,
    Query,
    BareIp,
    OkThenState,
    FinalLine,
    GreaterThanPrompt,
    DownloadPrompt,
    FollowUp,
}

/// <summary>One round's command and the line(s) a well-behaved module would end it with.</summary>
internal sealed record FuzzRound(FuzzRoundKind Kind, AtCommand Command, string Closer, byte[]? PromptPayload)
{
    public static FuzzRound Create(FuzzRoundKind kind, long number, Random random, TimeSpan timeout)
    {
        var n = number.ToString(CultureInfo.InvariantCulture);
        byte[]? payload = kind is FuzzRoundKind.GreaterThanPrompt or FuzzRoundKind.DownloadPrompt
            ? RandomPayload(random)
            : null;
        var command = kind switch
        {
            FuzzRoundKind.Standard => new AtCommand($"AT+FZ={n}"),
            FuzzRoundKind.Query => new AtCommand($"AT+FZQ{n}?"),
            FuzzRoundKind.BareIp => new AtCommand($"AT+FZIP={n}") { Completion = AtCompletion.BareIPv4 },
            FuzzRoundKind.OkThenState => new AtCommand($"AT+FZS={n}") { Completion = AtCompletion.OkThenLine("STATE:") },
            FuzzRoundKind.FinalLine => new AtCommand($"AT+FZSHUT={n}") { Completion = AtCompletion.FinalLine("SHUT OK") },
            FuzzRoundKind.GreaterThanPrompt => new AtCommand($"AT+FZPUB={n},{payload!.Length}") { Prompt = AtPrompt.GreaterThan(payload) },
            FuzzRoundKind.DownloadPrompt => new AtCommand($"AT+FZDATA={n},{payload!.Length}") { Prompt = AtPrompt.Download(payload) },
            FuzzRoundKind.FollowUp => new AtCommand($"AT+FZACK={n}")
            {
                FollowUp = new AtFollowUp("PUBACK", ["PUBACK"], timeout) { FailurePrefixes = ["PUBFAIL"] },
            },
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
        var closer = kind switch
        {
            FuzzRoundKind.Query => $"+FZQ{n}: 1\r\n\r\nOK",
            FuzzRoundKind.BareIp => "10.1.2.3",
            FuzzRoundKind.OkThenState => "OK\r\n\r\nSTATE: IP INITIAL",
            FuzzRoundKind.FinalLine => "SHUT OK",
            FuzzRoundKind.FollowUp => "OK\r\n\r\nPUBACK",
            _ => "OK",
        };
        return new FuzzRound(kind, command with { Timeout = timeout }, closer, payload);
    }

    private static byte[] RandomPayload(Random random)
    {
        // Prompt payloads are raw: CR, LF and Ctrl-Z included, as a binary MPUBEX payload would be.
        var payload = new byte[random.Next(1, 40)];
        random.NextBytes(payload);
        return payload.Length > 0 ? payload : Encoding.ASCII.GetBytes("x");
    }
}
