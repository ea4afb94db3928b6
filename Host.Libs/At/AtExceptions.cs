namespace LuatHost.At;

/// <summary>Base of every AT failure. Messages name the command and the likely cause; they never contain secrets.</summary>
public class AtException : Exception
{
    public AtException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    internal static string FormatSeconds(TimeSpan span) =>
        span.TotalSeconds >= 10 || span.TotalSeconds == Math.Floor(span.TotalSeconds)
            ? $"{span.TotalSeconds:0} s"
            : $"{span.TotalSeconds:0.###} s";
}

/// <summary>A command or follow-up got no answer in time: "AT+MCONNECT timed out after 10 s; …".</summary>
public sealed class AtTimeoutException : AtException
{
    public AtTimeoutException(string message)
        : base(message)
    {
    }
}

/// <summary>The module answered ERROR / +CME ERROR: n / +CMS ERROR: n.</summary>
public sealed class AtCommandFailedException : AtException
{
    public AtCommandFailedException(AtResponse response, string? hint = null)
        : base($"{response.CommandName} failed: {response.Final}{(hint is null ? "" : "; " + hint)}")
    {
        Response = response;
    }

    public AtResponse Response { get; }

    public AtStatus Status => Response.Status;

    /// <summary>The numeric +CME/+CMS code, if any (10 = no SIM, 14 = SIM busy, 767 = MQTT not connected …).</summary>
    public int? ErrorCode => Response.ErrorCode;
}

/// <summary>A follow-up reported failure (CONNECT FAIL after AT+MIPSTART, ERROR after AT+MCONNECT).</summary>
public sealed class AtFollowUpFailedException : AtException
{
    public AtFollowUpFailedException(string commandName, AtFollowUpResult result, string? hint)
        : base($"{commandName} failed: the module reported {result.Line}{(hint is null ? "" : "; " + hint)}")
    {
        Result = result;
    }

    public AtFollowUpResult Result { get; }
}

/// <summary>The link closed (cable pulled, TCP server gone, engine disposed) while a command or follow-up waited.</summary>
public sealed class AtLinkClosedException : AtException
{
    public AtLinkClosedException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>The module rebooted (RDY) while a command or follow-up was waiting; its state (MQTT, HTTP, echo) is gone.</summary>
public sealed class AtModuleRebootedException : AtException
{
    public AtModuleRebootedException(string message)
        : base(message)
    {
    }
}

/// <summary>A typed command refused its arguments before anything was sent (topic too long, quote in a client id …).</summary>
public sealed class AtArgumentException : ArgumentException
{
    public AtArgumentException(string message, string? paramName = null)
        : base(message, paramName)
    {
    }
}
