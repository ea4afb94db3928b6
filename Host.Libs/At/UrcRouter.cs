namespace LuatHost.At;

/// <summary>
/// Routes unsolicited result codes by line prefix. A line whose prefix is in the table is a URC: it is delivered to the
/// handlers and can never complete a command (except that a pending command may claim its own answer prefix, see
/// <see cref="AtCommand.ResponsePrefixes"/>). The table starts with the dialect's URCs (<see cref="AtDialect.UrcPrefixes"/>
/// and its patterns); <see cref="Register"/> adds handlers (and prefixes).
/// <para>Handlers run on the engine's reader thread: they must not block or wait for a command. Post the line to your
/// own event loop instead. A throwing handler is logged and ignored.</para>
/// </summary>
public sealed class UrcRouter
{
    private readonly Lock _gate = new();
    private readonly UrcPattern[] _patterns;
    private Registration[] _registrations = [];
    private string[] _prefixes;
    private readonly NLog.Logger _log = NLog.LogManager.GetLogger("LuatHost.At");

    public UrcRouter(AtDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        _prefixes = [.. dialect.UrcPrefixes];
        _patterns = [.. dialect.UrcPatterns];
    }

    /// <summary>Every URC line (handled or not), for terminals and diagnostics. Same threading rule as handlers.</summary>
    public event Action<AtLine>? AnyUrc;

    /// <summary>Lines nobody claimed: not a URC, and no command was pending (a late OK after a timeout, noise).</summary>
    public event Action<AtLine>? Unrecognized;

    /// <summary>Calls <paramref name="handler"/> for every URC starting with <paramref name="prefix"/>; dispose the result to stop.</summary>
    public IDisposable Register(string prefix, Action<AtLine> handler)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        ArgumentNullException.ThrowIfNull(handler);
        var registration = new Registration(this, line => line.StartsWith(prefix, StringComparison.Ordinal), handler);
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

    /// <summary>
    /// Calls <paramref name="handler"/> for every URC <paramref name="matches"/> accepts (a pattern URC of the dialect such
    /// as <c>&lt;n&gt;, CLOSED</c>); the line must be a URC by the dialect's table. Dispose the result to stop.
    /// </summary>
    public IDisposable Register(Func<string, bool> matches, Action<AtLine> handler)
    {
        ArgumentNullException.ThrowIfNull(matches);
        ArgumentNullException.ThrowIfNull(handler);
        var registration = new Registration(this, matches, handler);
        lock (_gate)
        {
            _registrations = [.. _registrations, registration];
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
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(line))
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
            if (registration.Matches(line.Text))
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

    private sealed class Registration(UrcRouter owner, Func<string, bool> matches, Action<AtLine> handler) : IDisposable
    {
        public Func<string, bool> Matches { get; } = matches;

        public Action<AtLine> Handler { get; } = handler;

        public void Dispose() => owner.Remove(this);
    }
}
