using System.Text;

namespace LuatHost.At;

/// <summary>What the frame reader hands to the engine, on the reader thread.</summary>
internal interface IAtFrameSink
{
    /// <summary>True while the pending command waits for a bare '&gt;' prompt (AT+MPUBEX).</summary>
    bool IsAwaitingCharPrompt { get; }

    void OnLine(AtLine line);

    void OnCharPrompt();
}

/// <summary>
/// Splits the module's byte stream into lines and counted payloads. Lines end at CR or LF (empty lines are skipped), so
/// echo (<c>AT\r</c>) and responses (<c>\r\nOK\r\n</c>) both frame. Counted payloads are read by length, never to end of
/// line, because they may contain CR/LF; which headers announce one is the dialect's (<see cref="CountedPayloadRule"/>):
/// <list type="bullet">
/// <item>same line: the header ends at the rule's end character and n raw bytes follow at once;</item>
/// <item>next line: the header line, its line end, then n raw bytes.</item>
/// </list>
/// A bare '&gt;' at the start of a line is a prompt only while the pending command expects one.
/// Not thread-safe: owned by the engine's single reader loop.
/// </summary>
internal sealed class AtFrameReader
{
    private const int MaxLineBytes = 64 * 1024;
    private readonly IAtFrameSink _sink;
    private readonly CountedPayloadRule[] _sameLine;
    private readonly CountedPayloadRule[] _nextLine;
    private readonly List<byte> _line = new(256);
    private byte[]? _payload;
    private int _payloadFilled;
    private string? _payloadHeader;
    private bool _skipOneLf;
    private bool _lastByteWasCr;

    public AtFrameReader(IAtFrameSink sink, AtDialect dialect)
    {
        _sink = sink;
        _sameLine = dialect.SameLinePayloads;
        _nextLine = dialect.NextLinePayloads;
    }

    public void Feed(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            if (_payload is not null)
            {
                if (_skipOneLf)
                {
                    // The header ended with CR: its LF is framing, not payload.
                    _skipOneLf = false;
                    if (data[i] == (byte)'\n')
                    {
                        i++;
                        continue;
                    }
                }
                i += FeedPayload(data[i..]);
                continue;
            }
            var b = data[i++];
            if (b is (byte)'\r' or (byte)'\n')
            {
                // CRLF ends one line, not two.
                var isLfAfterCr = b == (byte)'\n' && _lastByteWasCr;
                _lastByteWasCr = b == (byte)'\r';
                if (!isLfAfterCr)
                {
                    EndLine(endedByCr: b == (byte)'\r');
                }
                continue;
            }
            _lastByteWasCr = false;
            if (b == (byte)'>' && _line.Count == 0 && _sink.IsAwaitingCharPrompt)
            {
                _sink.OnCharPrompt();
                continue;
            }
            if (_line.Count >= MaxLineBytes)
            {
                // Garbage without line ends (baud mismatch): emit what we have so memory stays bounded.
                EndLine(endedByCr: false);
            }
            _line.Add(b);
            if (_sameLine.Length > 0)
            {
                TryStartSameLinePayload(b);
            }
        }
    }

    private void EndLine(bool endedByCr)
    {
        if (_line.Count == 0)
        {
            return;
        }
        var text = DecodeLine();
        _line.Clear();
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            return;
        }
        if (TryNextLinePayloadLength(trimmed, out var length))
        {
            StartPayload(trimmed, length, skipOneLf: endedByCr);
            return;
        }
        _sink.OnLine(new AtLine(trimmed));
    }

    private void StartPayload(string header, int length, bool skipOneLf)
    {
        _payloadHeader = header;
        _payload = new byte[length];
        _payloadFilled = 0;
        _skipOneLf = skipOneLf && length > 0;
        if (length == 0)
        {
            EmitPayloadLine();
        }
    }

    private int FeedPayload(ReadOnlySpan<byte> data)
    {
        var take = Math.Min(data.Length, _payload!.Length - _payloadFilled);
        data[..take].CopyTo(_payload.AsSpan(_payloadFilled));
        _payloadFilled += take;
        if (_payloadFilled == _payload.Length)
        {
            EmitPayloadLine();
        }
        return take;
    }

    private void EmitPayloadLine()
    {
        var line = new AtLine(_payloadHeader!, _payload!);
        _payload = null;
        _payloadHeader = null;
        _payloadFilled = 0;
        // A zero-length payload announced by "...\r" keeps the CR state so its LF is not read as a new line.
        _lastByteWasCr = line.Payload.IsEmpty && _lastByteWasCr;
        _sink.OnLine(line);
    }

    /// <summary>Called after each byte while same-line rules exist: does the line so far end a counted-payload header?</summary>
    private void TryStartSameLinePayload(byte last)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line);
        foreach (var rule in _sameLine)
        {
            if (last != rule.HeaderEnd || !span.StartsWith(rule.PrefixBytes))
            {
                continue;
            }
            var header = DecodeLine();
            if (rule.LengthOf(header) is { } length && length >= 0 && length <= MaxLineBytes)
            {
                _line.Clear();
                StartPayload(header, length, skipOneLf: false);
                return;
            }
        }
    }

    private bool TryNextLinePayloadLength(string line, out int length)
    {
        length = 0;
        foreach (var rule in _nextLine)
        {
            if (line.StartsWith(rule.Prefix, StringComparison.Ordinal))
            {
                if (rule.LengthOf(line) is { } n && n >= 0 && n <= MaxLineBytes * 16)
                {
                    length = n;
                    return true;
                }
                return false;
            }
        }
        return false;
    }

    private string DecodeLine() => Encoding.UTF8.GetString(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_line));
}
