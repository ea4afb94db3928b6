using System.Globalization;
using LuatHost.At;

namespace LuatHost.Modem;

/// <summary>What <c>AT+CIPSTART</c> opens.</summary>
public enum SocketKind
{
    Tcp,
    Udp,
    /// <summary>TCP with TLS: <c>AT+CIPSSL=1</c> before <c>AT+CIPSTART=n,"TCP",…</c> (see <see cref="SocketDialect"/>).</summary>
    Tls,
}

/// <summary>
/// The module's multi-link TCP/UDP client (<see cref="SocketDialect"/>): link ids 0..<see cref="LinkCount"/>-1, each
/// opened, written, closed by its own commands; received bytes and closes arrive as events.
/// <para>Events are raised on the AT reader thread: post to your event loop, never block.</para>
/// </summary>
public sealed class Sockets
{
    /// <summary>Links the host uses (ids 0..7; openLuat's multi-link guide lists C:0…C:7 — VERIFY on an Air724).</summary>
    public const int LinkCount = 8;

    /// <summary>Largest single <c>AT+CIPSEND</c> (SIMCom's <c>AT+CIPSEND?</c> answer; VERIFY): longer sends are split.</summary>
    public const int SendChunkBytes = 1460;

    private readonly AtEngine _engine;
    private readonly ModemTimeouts _timeouts;
    private readonly SemaphoreSlim _setup = new(1, 1);
    private readonly bool[] _reserved = new bool[LinkCount];
    private readonly CertificateFiles _certificates;
    private bool _multiLink;

    /// <summary>Where a service using these links registers a secret it sends through them (an MQTT password), so
    /// the AT trace and a --record transcript mask it inside AT+CIPSEND payloads too.</summary>
    public SecretRedactor Redactor => _engine.Redactor;

    public Sockets(AtEngine engine, ModemTimeouts timeouts, CertificateFiles? certificates = null)
    {
        _engine = engine;
        _timeouts = timeouts;
        _certificates = certificates ?? new CertificateFiles(engine);
        engine.Urcs.Register("+RECEIVE,", line =>
        {
            if (SocketDialect.TryParseReceiveHeader(line.Text, out var id, out _))
            {
                Received?.Invoke(id, line.Payload);
            }
        });
        for (var id = 0; id < LinkCount; id++)
        {
            var link = id;
            engine.Urcs.Register($"{id}, CLOSED", _ => Closed?.Invoke(link));
        }
    }

    /// <summary>Bytes that arrived on a link (one <c>+RECEIVE</c>).</summary>
    public event Action<int, ReadOnlyMemory<byte>>? Received;

    /// <summary>The peer (or the network) closed a link: <c>&lt;n&gt;, CLOSED</c>.</summary>
    public event Action<int>? Closed;

    /// <summary>Takes a free link id, or null when all <see cref="LinkCount"/> are in use.</summary>
    public int? Reserve()
    {
        lock (_reserved)
        {
            var free = Array.IndexOf(_reserved, false);
            if (free < 0)
            {
                return null;
            }
            _reserved[free] = true;
            return free;
        }
    }

    /// <summary>Gives a link id back (after close or a failed connect).</summary>
    public void Release(int id)
    {
        lock (_reserved)
        {
            _reserved[id] = false;
        }
    }

    /// <summary>
    /// AT+CIPMUX=1 (once), AT+CIPSSL for the kind, AT+CIPSTART=n,… → OK, then waits for <c>n, CONNECT OK</c>.
    /// Returns false on <c>n, CONNECT FAIL</c> (refused, unresolvable, TLS failure). For TLS, <paramref name="caCertificate"/>
    /// (PEM) is the only CA the module trusts for this link (<see cref="CertificateFiles"/>); empty = the module's default.
    /// </summary>
    public async Task<bool> ConnectAsync(int id, SocketKind kind, string host, int port, CancellationToken cancellationToken = default,
        ReadOnlyMemory<byte> caCertificate = default)
    {
        AtArguments.CheckRange(id, 0, LinkCount - 1, "link id");
        AtArguments.CheckText(host, "host name", ModemLimits.HttpUrlBytes);
        AtArguments.CheckRange(port, 1, 65535, "port");
        var prefix = id.ToString(CultureInfo.InvariantCulture) + ", ";
        var command = _engine.Dialect.Command(
            $"AT+CIPSTART={prefix[..^2]},\"{(kind == SocketKind.Udp ? "UDP" : "TCP")}\",\"{host}\",{port.ToString(CultureInfo.InvariantCulture)}") with
        {
            FollowUp = new AtFollowUp("CONNECT OK", [prefix + "CONNECT OK", prefix + "ALREADY CONNECT"], _timeouts.TcpConnect)
            {
                FailurePrefixes = [prefix + "CONNECT FAIL"],
                TimeoutHint = $"the module did not reach {host}:{port} in time",
            },
        };
        AtResponse response;
        await _setup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await EnsureMultiLinkAsync(cancellationToken).ConfigureAwait(false);
            if (kind == SocketKind.Tls) await _certificates.ApplyAsync(id, caCertificate, cancellationToken).ConfigureAwait(false);
            await Run(new AtCommand($"AT+CIPSSL={(kind == SocketKind.Tls ? 1 : 0)}"), cancellationToken).ConfigureAwait(false);
            response = await Run(command, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _setup.Release();
        }
        var result = await response.WaitFollowUpAsync(cancellationToken).ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>
    /// Sends <paramref name="data"/> in <see cref="SendChunkBytes"/> pieces (AT+CIPSEND=n,len → '&gt;' → bytes → <c>n, SEND OK</c>).
    /// Returns false when the module answers <c>SEND FAIL</c> or ERROR (the link is closed).
    /// </summary>
    public async Task<bool> SendAsync(int id, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        AtArguments.CheckRange(id, 0, LinkCount - 1, "link id");
        for (var offset = 0; offset < data.Length; offset += SendChunkBytes)
        {
            var piece = data.Slice(offset, Math.Min(SendChunkBytes, data.Length - offset));
            var command = _engine.Dialect.Command($"AT+CIPSEND={id.ToString(CultureInfo.InvariantCulture)},{piece.Length.ToString(CultureInfo.InvariantCulture)}") with
            {
                Prompt = AtPrompt.GreaterThan(piece) with { PayloadIsText = false },
            };
            var response = await _engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
            if (!response.IsOk)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Sends one UDP datagram. Refuses (with <see cref="AtArgumentException"/>) one longer than <see cref="SendChunkBytes"/>:
    /// splitting it would make several datagrams.
    /// </summary>
    public Task<bool> SendDatagramAsync(int id, ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        if (datagram.Length > SendChunkBytes)
        {
            throw new AtArgumentException($"The UDP datagram is {datagram.Length} bytes; the module sends at most {SendChunkBytes} in one.");
        }
        return SendAsync(id, datagram, cancellationToken);
    }

    /// <summary>AT+CIPCLOSE=n → <c>n, CLOSE OK</c>; an already closed link (ERROR) is not an error here.</summary>
    public async Task CloseAsync(int id, CancellationToken cancellationToken = default)
    {
        AtArguments.CheckRange(id, 0, LinkCount - 1, "link id");
        await _engine.ExecuteAsync(_engine.Dialect.Command($"AT+CIPCLOSE={id.ToString(CultureInfo.InvariantCulture)}"), cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureMultiLinkAsync(CancellationToken cancellationToken)
    {
        if (_multiLink)
        {
            return;
        }
        var response = await _engine.ExecuteAsync(new AtCommand("AT+CIPMUX=1"), cancellationToken).ConfigureAwait(false);
        if (!response.IsOk)
        {
            // Refused while links are open: fine if it is already on.
            var query = await Run(new AtCommand("AT+CIPMUX?"), cancellationToken).ConfigureAwait(false);
            if (AtArguments.ValueAfter(query, "+CIPMUX:") != "1")
            {
                throw new AtCommandFailedException(response);
            }
        }
        _multiLink = true;
    }

    private async Task<AtResponse> Run(AtCommand command, CancellationToken cancellationToken) =>
        (await _engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false)).EnsureOk();
}
