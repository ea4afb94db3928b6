namespace LuatHost.At;

/// <summary>
/// Routes unsolicited result codes by line prefix. A line whose prefix is in the table is a URC: it is delivered to the
/// handlers and can never complete a command (except that a pending command may claim its own answer prefix, see
/// <see cref="AtCommand.ResponsePrefixes"/>). The table starts with this dialect's URCs (<see cref="KnownPrefixes"/>);
/// <see cref="Register"/> adds handlers (and prefixes).
/// <para>Handlers run on the engine's reader thread: they must not block or wait for a command. Post the line to your
/// own event loop instead. A throwing handler is logged and ignored.</para>
/// </summary>
public sealed class UrcRouter
{
    /// <summary>URC prefixes of the Air724 AT firmware (docs/air724-at.md §2.1, §3, §4, §5; SIMCom boot extras included).</summary>
    public static readonly IReadOnlyList<string> KnownPrefixes =
    [
        "RDY", "^MODE:", "+E_UTRAN Service", "+CGEV:", "+NITZ:", "+CTZV:",
        "+CPIN:", "+CFUN:", "+CREG:", "+CEREG:", "+CGREG:", "SMS Ready", "Call Ready",
        "CLOSED", "+PDP DEACT", "+SAPBR 1: DEACT", "+SAPBR 2: DEACT", "+SAPBR 3: DEACT",
        "CONNECT OK", "ALREADY CONNECT", "CONNECT FAIL", "CONNACK OK",
        "SUBACK", "UNSUBACK", "PUBACK", "PUBREC", "PUBCOMP",
        "+MSUB:", "+HTTPACTION:", "+CDNSGIP:", "+FTPGET: 1,", "+FTPPUT: 1,",
    ];

    private readonly Lock _gate = new();
    private Registration[] _registrations = [];
    private string[] _prefixes = [.. KnownPrefixes];
    private readonly NLog.Logger _log = NLog.LogManager.GetLogger("LuatHost.At");

    /// <summary>Every URC line (handled or not), for terminals and diagnostics. Same threading rule as handlers.</summary>
    public event Action<AtLine>? AnyUrc;

    /// <summary>Lines nobody claimed: not a URC, and no command was pending (a late OK after a timeout, noise).</summary>
    public event Action<AtLine>? Unrecognized;

    /// <summary>Calls <paramref name="handler"/> for every URC starting with <paramref name="prefix"/>; dispose the result to stop.</summary>
    public IDisposable Register(string prefix, Action<AtLine> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(handler);
        var registration = new Registration(this, prefix, handler);
        lock (_gate)
        {
            _registrations = [.. _registrations, registration];
            if (!_prefixes.Contains(prefix))
            {
                _prefixes = [.. _prefixes, prefix];
            }
        }
        return registration;
    }

    /// <summary>Makes lines with this prefix URCs without a handler (they reach <see cref="AnyUrc"/> only).</summary>
    public void AddPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        lock (_gate)
        {
            if (!_prefixes.Contains(prefix))
            {
                _prefixes = [.. _prefixes, prefix];
            }
        }
    }

    public bool IsUrc(string line)
    {
        foreach (var prefix in Volatile.Read(ref _prefixes))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    internal void Dispatch(AtLine line)
    {
        Invoke(AnyUrc, line);
        foreach (var registration in Volatile.Read(ref _registrations))
        {
            if (line.Text.StartsWith(registration.Prefix, StringComparison.Ordinal))
            {
                Invoke(registration.Handler, line);
            }
        }
    }

    internal void DispatchUnrecognized(AtLine line) => Invoke(Unrecognized, line);

    private void Invoke(Action<AtLine>? handler, AtLine line)
    {
        if (handler is null)
        {
            return;
        }
        try
        {
            handler(line);
        }
        catch (Exception ex)
        {
            // A consumer bug must not kill the reader loop: every later command would time out instead.
            _log.Error(ex, "URC handler for '{Prefix}' threw; the line was dropped for that handler", PrefixOf(line.Text));
        }
    }

    private static string PrefixOf(string text)
    {
        var colon = text.IndexOf(':');
        return colon > 0 ? text[..(colon + 1)] : text.Length > 16 ? text[..16] : text;
    }

    private void Remove(Registration registration)
    {
        lock (_gate)
        {
            _registrations = [.. _registrations.Where(r => r != registration)];
        }
    }

    private sealed class Registration(UrcRouter owner, string prefix, Action<AtLine> handler) : IDisposable
    {
        public string Prefix { get; } = prefix;

        public Action<AtLine> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
