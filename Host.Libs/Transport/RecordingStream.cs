using System.Globalization;
using System.Text;

namespace LuatHost.Transport;

/// <summary>
/// Wraps a link and writes every byte, each way, to a readable transcript (<c>--record FILE</c>).
/// <para>Transcript format (UTF-8 text, one entry per line):</para>
/// <code>
/// # luathost transcript v1
/// 2026-11-26T06:20:01.123Z -> AT+CSQ\r
/// 2026-11-26T06:20:01.140Z &lt;- \r\n+CSQ: 29,99\r\n
/// 2026-11-26T06:20:01.141Z &lt;- \r\nOK\r\n
/// </code>
/// <list type="bullet">
/// <item><c>-&gt;</c> host to module (written), <c>&lt;-</c> module to host (read); the timestamp (UTC, ms) is when the entry's first byte passed.</item>
/// <item>Bytes are escaped so one entry stays on one line: printable ASCII as is, <c>\\</c>, <c>\r</c>, <c>\n</c>, <c>\t</c>,
/// every other byte as <c>\xHH</c> (UTF-8 text therefore shows as <c>\xHH</c> sequences; the transcript is byte-exact).</item>
/// <item>An entry ends after each LF, when the other direction starts talking, or at 1024 bytes; concatenating the
/// entries of one direction gives back that direction's byte stream exactly (unless a redactor replaced a secret).</item>
/// </list>
/// The optional redactor sees each entry's text and direction before escaping and may replace secrets (the CLI passes
/// the AT layer's transcript redactor), so passwords do not land in transcript files.
/// </summary>
public sealed class RecordingStream : OwningStream
{
    private const int MaxEntryBytes = 1024;
    private readonly TextWriter _transcript;
    private readonly TranscriptRedaction? _redact;
    private readonly Lock _gate = new();
    private readonly MemoryStream _entry = new();
    private bool _entryIsWrite;
    private DateTime _entryStartedUtc;

    public RecordingStream(Stream inner, TextWriter transcript, TranscriptRedaction? redact = null, bool ownsTranscript = true)
        : base(inner, ownsTranscript ? transcript : null)
    {
        _transcript = transcript;
        _redact = redact;
        _transcript.WriteLine("# luathost transcript v1 (-> host to module, <- module to host; bytes escaped: \\r \\n \\t \\\\ \\xHH)");
        _transcript.Flush();
    }

    /// <summary>Opens <paramref name="path"/> for writing (truncating it) and records <paramref name="inner"/> into it.</summary>
    public static RecordingStream ToFile(Stream inner, string path, TranscriptRedaction? redact = null)
    {
        StreamWriter writer;
        try
        {
            writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { AutoFlush = false };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TransportException($"Cannot write the transcript file {path}: {ex.Message}. Pick a writable path for --record.", ex);
        }
        return new RecordingStream(inner, writer, redact);
    }

    protected override void OnRead(ReadOnlySpan<byte> data) => Record(data, isWrite: false);

    protected override void OnWrite(ReadOnlySpan<byte> data) => Record(data, isWrite: true);

    private void Record(ReadOnlySpan<byte> data, bool isWrite)
    {
        if (data.IsEmpty)
        {
            return;
        }
        lock (_gate)
        {
            if (_entry.Length > 0 && _entryIsWrite != isWrite)
            {
                FlushEntryLocked();
            }
            foreach (var b in data)
            {
                if (_entry.Length == 0)
                {
                    _entryIsWrite = isWrite;
                    _entryStartedUtc = DateTime.UtcNow;
                }
                _entry.WriteByte(b);
                if (b == (byte)'\n' || _entry.Length >= MaxEntryBytes)
                {
                    FlushEntryLocked();
                }
            }
            // Commands and prompt payloads are written in one piece: close the entry so the file shows them at once.
            if (isWrite && _entry.Length > 0)
            {
                FlushEntryLocked();
            }
            _transcript.Flush();
        }
    }

    private void FlushEntryLocked()
    {
        var bytes = _entry.GetBuffer().AsSpan(0, (int)_entry.Length);
        var line = new StringBuilder(bytes.Length + 32);
        line.Append(_entryStartedUtc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        line.Append(_entryIsWrite ? " -> " : " <- ");
        if (_redact is null)
        {
            AppendEscaped(line, bytes);
        }
        else
        {
            // Latin-1 maps each byte to one char and back, so redaction works on text without losing raw bytes.
            var text = Encoding.Latin1.GetString(bytes);
            AppendEscaped(line, Encoding.Latin1.GetBytes(_redact(text, _entryIsWrite)));
        }
        _transcript.WriteLine(line.ToString());
        _entry.SetLength(0);
    }

    private static void AppendEscaped(StringBuilder line, ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\r': line.Append("\\r"); break;
                case (byte)'\n': line.Append("\\n"); break;
                case (byte)'\t': line.Append("\\t"); break;
                case (byte)'\\': line.Append("\\\\"); break;
                case >= 0x20 and < 0x7F: line.Append((char)b); break;
                default: line.Append("\\x").Append(b.ToString("X2", CultureInfo.InvariantCulture)); break;
            }
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                if (_entry.Length > 0)
                {
                    FlushEntryLocked();
                }
                _transcript.Flush();
            }
        }
        base.Dispose(disposing);
    }
}

/// <summary>
/// Rewrites one transcript entry before it is written: <paramref name="entry"/> is its bytes as Latin-1 text,
/// <paramref name="hostToModule"/> its direction. Called in byte order, one entry at a time.
/// </summary>
public delegate string TranscriptRedaction(string entry, bool hostToModule);
