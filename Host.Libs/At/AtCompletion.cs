using System.Net;
using System.Net.Sockets;

namespace LuatHost.At;

/// <summary>
/// How a command completes (its "result processor"). The engine hands each line that is not echo, not a URC and not a
/// follow-up to the pending command's completion, which decides: keep it as data, finish, or fail.
/// <list type="bullet">
/// <item><see cref="Standard"/>: OK / ERROR / +CME ERROR: n / +CMS ERROR: n.</item>
/// <item><see cref="BareIPv4"/>: AT+CIFSR answers a bare IP line and no OK.</item>
/// <item><see cref="OkThenLine"/>: AT+CIPSTATUS sends OK first and then <c>STATE: ...</c>.</item>
/// <item><see cref="FinalLine"/>: a fixed success line instead of OK (AT+CIPSHUT → <c>SHUT OK</c>).</item>
/// </list>
/// Subclass to add another rule; <see cref="Classify"/> runs on the reader thread and must be quick.
/// </summary>
public abstract class AtCompletion
{
    public static AtCompletion Standard { get; } = new StandardCompletion();

    /// <summary>AT+CIFSR: success is any line that parses as an IPv4 address (source: docs/air724-at.md §3).</summary>
    public static AtCompletion BareIPv4 { get; } = new BareIPv4Completion();

    /// <summary>AT+CIPSTATUS: <c>OK</c> comes before the line that starts with <paramref name="prefix"/> (source: docs/air724-at.md §3).</summary>
    public static AtCompletion OkThenLine(string prefix) => new OkThenLineCompletion(prefix);

    /// <summary>A command whose success terminator is <paramref name="successLine"/> instead of OK; errors still end it.</summary>
    public static AtCompletion FinalLine(string successLine) => new FinalLineCompletion(successLine);

    /// <summary>Decides what <paramref name="line"/> means for the pending command.</summary>
    public abstract AtLineVerdict Classify(AtLine line, AtCompletionState state);

    /// <summary>Shared error handling: every completion ends on the standard error codes.</summary>
    protected static bool IsError(AtLine line) => FinalResultCodes.IsError(line.Text);

    private sealed class StandardCompletion : AtCompletion
    {
        public override AtLineVerdict Classify(AtLine line, AtCompletionState state) =>
            FinalResultCodes.IsOk(line.Text) ? AtLineVerdict.CompleteOk
            : IsError(line) ? AtLineVerdict.CompleteError
            : AtLineVerdict.Collect;
    }

    private sealed class BareIPv4Completion : AtCompletion
    {
        public override AtLineVerdict Classify(AtLine line, AtCompletionState state)
        {
            if (IsError(line))
            {
                return AtLineVerdict.CompleteError;
            }
            return IPAddress.TryParse(line.Text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork && line.Text.AsSpan().Count('.') == 3
                ? AtLineVerdict.CompleteOk
                : AtLineVerdict.Collect;
        }
    }

    private sealed class OkThenLineCompletion(string prefix) : AtCompletion
    {
        public override AtLineVerdict Classify(AtLine line, AtCompletionState state)
        {
            if (IsError(line))
            {
                return AtLineVerdict.CompleteError;
            }
            if (FinalResultCodes.IsOk(line.Text))
            {
                state.OkSeen = true;
                return AtLineVerdict.Ignore;
            }
            if (state.OkSeen && line.Text.StartsWith(prefix, StringComparison.Ordinal))
            {
                return AtLineVerdict.CollectAndCompleteOk;
            }
            return AtLineVerdict.Collect;
        }
    }

    private sealed class FinalLineCompletion(string successLine) : AtCompletion
    {
        public override AtLineVerdict Classify(AtLine line, AtCompletionState state) =>
            line.Text == successLine ? AtLineVerdict.CompleteOk
            : IsError(line) ? AtLineVerdict.CompleteError
            : AtLineVerdict.Collect;
    }
}

/// <summary>What a line means for the pending command.</summary>
public enum AtLineVerdict
{
    /// <summary>Keep the line as response data; keep waiting.</summary>
    Collect,

    /// <summary>Drop the line; keep waiting.</summary>
    Ignore,

    /// <summary>The line is the success terminator (it becomes <see cref="AtResponse.Final"/>).</summary>
    CompleteOk,

    /// <summary>The line is data and also ends the command successfully (STATE: for CIPSTATUS).</summary>
    CollectAndCompleteOk,

    /// <summary>The line is an error terminator.</summary>
    CompleteError,
}

/// <summary>Per-command scratch state for a completion rule.</summary>
public sealed class AtCompletionState
{
    /// <summary>Set by rules that need OK followed by something else.</summary>
    public bool OkSeen { get; set; }
}
