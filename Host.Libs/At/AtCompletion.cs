using System.Net;

namespace LuatHost.At;

/// <summary>
/// How a command completes (its "result processor"). The engine hands each line that is not echo, not a URC and not a
/// follow-up to the pending command's completion, which decides: keep it as data, finish, or fail.
/// <list type="bullet">
/// <item><see cref="Standard"/>: OK / ERROR / +CME ERROR: n / +CMS ERROR: n.</item>
/// <item><see cref="BareIPv4"/>: AT+CIFSR answers a bare IP line and no OK.</item>
/// <item><see cref="OkThenLine"/>: AT+CIPSTATUS sends OK first and then <c>STATE: ...</c>.</item>
/// <item><see cref="FinalLine"/>: fixed success lines instead of OK (AT+CIPSHUT → <c>SHUT OK</c>).</item>
/// <item><see cref="Matching"/>: success and failure lines recognised by a test (<c>0, SEND OK</c> / <c>0, SEND FAIL</c>).</item>
/// </list>
/// Which command uses which rule is the dialect table's business (<see cref="AtCommandRule"/>), not the engine's.
/// Subclass to add another rule; <see cref="Classify"/> runs on the reader thread and must be quick.
/// </summary>
public abstract class AtCompletion
{
    public static AtCompletion Standard { get; } = new StandardCompletion();

    /// <summary>
    /// Success is any line that is an IPv4 address, zero-padded octets included (<c>010.099.214.051</c>, seen from
    /// Air720/Air724 firmware in RT-Thread's Air720 driver); no OK follows.
    /// </summary>
    public static AtCompletion BareIPv4 { get; } = new BareIPv4Completion();

    /// <summary><c>OK</c> comes before the line that starts with <paramref name="prefix"/> (SIMCom-style AT+CIPSTATUS).</summary>
    public static AtCompletion OkThenLine(string prefix) => new OkThenLineCompletion(prefix);

    /// <summary>A command whose success terminator is one of <paramref name="successLines"/> (OK only if listed); errors still end it.</summary>
    public static AtCompletion FinalLine(params string[] successLines) => new MatchingCompletion(line => Array.IndexOf(successLines, line) >= 0, null);

    /// <summary>Success when <paramref name="isSuccess"/> accepts a line, failure when <paramref name="isFailure"/> does; errors always end it.</summary>
    public static AtCompletion Matching(Func<string, bool> isSuccess, Func<string, bool>? isFailure = null) => new MatchingCompletion(isSuccess, isFailure);

    /// <summary>Parses a dotted IPv4 address whose octets may carry leading zeros (<c>010.099.214.051</c>).</summary>
    public static bool TryParseIPv4(string text, out IPAddress? address)
    {
        address = null;
        var parts = text.Trim().Trim('"').Split('.');
        if (parts.Length != 4)
        {
            return false;
        }
        var bytes = new byte[4];
        for (var i = 0; i < 4; i++)
        {
            if (parts[i].Length is 0 or > 3 || !byte.TryParse(parts[i], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bytes[i]))
            {
                return false;
            }
        }
        address = new IPAddress(bytes);
        return true;
    }

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
            return TryParseIPv4(line.Text, out _) ? AtLineVerdict.CompleteOk : AtLineVerdict.Collect;
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

    private sealed class MatchingCompletion(Func<string, bool> isSuccess, Func<string, bool>? isFailure) : AtCompletion
    {
        public override AtLineVerdict Classify(AtLine line, AtCompletionState state) =>
            isSuccess(line.Text) ? AtLineVerdict.CompleteOk
            : IsError(line) || isFailure?.Invoke(line.Text) == true ? AtLineVerdict.CompleteError
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
