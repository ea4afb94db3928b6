using System.Buffers.Binary;
using LuatHost.Luat.FileSystem;
using LuatHost.Luat.Loop;
using LuatHost.Luat.Modules;
using NLog;

namespace LuatHost.Luat.Device;

/// <summary>
/// audiocore's recorder without a microphone: a recording lasts as long as asked (or until stoprecord) and holds
/// silence in the format asked for, in the sizes Luat's lib/record.lua documents (AMR-NB at 5.15/6.70/7.95/12.2 kbit/s
/// by quality, PCM 8000 Hz mono 16 bit, WAV of that PCM, speex ≈ 1.2 KB a second). A file recording is written when it
/// ends, then <c>MSG_RECORD {record_end_ind = true}</c>; a stream recording reports what waits to be read
/// (<c>MSG_STREAM_RECORD {wait_read_len = n}</c>) as it grows, and ends the same way.
/// </summary>
public sealed class AudioRecorder : IDisposable
{
    // Stream bytes kept for the script to read; older ones are dropped, as a core's buffer would overrun.
    private const int StreamKept = 64 * 1024;
    private static readonly TimeSpan StreamTick = TimeSpan.FromMilliseconds(100);
    private static readonly Logger Log = LogManager.GetLogger("luat.audio");

    private readonly LuatContext _context;
    private readonly List<byte> _stream = [];
    private long? _timer;
    private string? _path;
    private AudioFormat _format;
    private int _quality;
    private DateTime _started;
    private TimeSpan _length;
    private long _streamWritten;
    private int _reportBytes;
    private int _unreported;

    internal AudioRecorder(LuatContext context) => _context = context;

    public bool Recording => _timer is not null;

    /// <summary>audiocore.record: records into the device file <paramref name="path"/> for <paramref name="length"/>.</summary>
    public bool Start(string path, TimeSpan length, int quality, AudioFormat format)
    {
        if (Recording) return false;
        Begin(length, quality, format);
        _path = path;
        _timer = _context.Loop.StartTimer(length, Finish);
        Log.Info("recording {Seconds:0.#} s into {Path} (silence: the PC's microphone is not the module's)", length.TotalSeconds, path);
        return true;
    }

    /// <summary>audiocore.streamrecord: records into memory, reporting every <paramref name="reportBytes"/> bytes (0: every second's worth).</summary>
    public bool StartStream(TimeSpan length, int quality, AudioFormat format, int reportBytes)
    {
        if (Recording) return false;
        Begin(length, quality, format);
        _path = null;
        _stream.Clear();
        _streamWritten = 0;
        _unreported = 0;
        _reportBytes = reportBytes > 0 ? reportBytes : (int)StreamBytes(TimeSpan.FromSeconds(1));
        _timer = _context.Loop.StartTimer(StreamTick, StreamOn);
        Log.Info("stream recording for up to {Seconds:0.#} s (silence)", length.TotalSeconds);
        return true;
    }

    /// <summary>audiocore.stoprecord: ends the recording now, with what was recorded so far.</summary>
    public bool Stop()
    {
        if (!Recording) return false;
        _length = DateTime.UtcNow - _started;
        Finish();
        return true;
    }

    /// <summary>audiocore.streamrecordread: up to <paramref name="count"/> of the bytes waiting, oldest first.</summary>
    public byte[] Read(int count)
    {
        var taken = Math.Clamp(count, 0, _stream.Count);
        var bytes = _stream.GetRange(0, taken).ToArray();
        _stream.RemoveRange(0, taken);
        return bytes;
    }

    /// <summary>audiocore.deleterecord: the recorder's resources go (the file is the script's to remove).</summary>
    public void Release() => _stream.Clear();

    public void Dispose()
    {
        if (_timer is { } timer) _context.Loop.StopTimer(timer);
        _timer = null;
    }

    private void Begin(TimeSpan length, int quality, AudioFormat format)
    {
        _started = DateTime.UtcNow;
        _length = length;
        _quality = Math.Clamp(quality, 0, AudioClip.AmrNbTypeByQuality.Length - 1);
        _format = format;
        _amrFrame = null;
    }

    private void StreamOn()
    {
        _timer = null;
        var elapsed = DateTime.UtcNow - _started;
        var total = StreamBytes(elapsed >= _length ? _length : elapsed);
        if (total > _streamWritten)
        {
            // Only the new part: a stream may be asked to last 0x7FFFFFFF seconds (lib/record.lua says so).
            var fresh = (int)Math.Min(total - _streamWritten, StreamKept);
            var firstNew = total - fresh;
            for (var position = firstNew; position < total; position++) _stream.Add(StreamByteAt(position));
            _unreported += (int)(total - _streamWritten);
            _streamWritten = total;
            if (_stream.Count > StreamKept) _stream.RemoveRange(0, _stream.Count - StreamKept);
        }
        if (_unreported >= _reportBytes || (elapsed >= _length && _unreported > 0))
        {
            _context.Messages.Enqueue(RtosMessageIds.StreamRecord, ("wait_read_len", (long)_stream.Count));
            _unreported = 0;
        }
        if (elapsed >= _length)
        {
            _context.Messages.Enqueue(RtosMessageIds.Record, ("record_end_ind", true));
            return;
        }
        _timer = _context.Loop.StartTimer(StreamTick, StreamOn);
    }

    // One definition of what is recorded, for a stream and a file alike: its size after this long and its byte at a
    // position. AMR starts with the file header (a stream is played back with streamplay, as demo/record does); the
    // other formats are silent samples (a WAV file adds its header in front, Wav below).
    private long StreamBytes(TimeSpan length)
    {
        var seconds = Math.Max(length.TotalSeconds, 0);
        return _format switch
        {
            AudioFormat.Amr => AudioClip.AmrNbHeader.Length + (long)(seconds * 50) * AmrFrame().Length,
            AudioFormat.Spx => (long)(seconds * AudioClip.SpeexBytesPerSecond),
            _ => (long)(seconds * AudioClip.PcmBytesPerSecond) & ~1L,
        };
    }

    private byte StreamByteAt(long position)
    {
        if (_format != AudioFormat.Amr) return 0;
        var header = AudioClip.AmrNbHeader;
        if (position < header.Length) return header[(int)position];
        var frame = AmrFrame();
        return frame[(int)((position - header.Length) % frame.Length)];
    }

    private byte[] AmrFrame() => _amrFrame ??= AudioClip.AmrNbSilentFrame(AudioClip.AmrNbTypeByQuality[_quality]);

    private byte[]? _amrFrame;

    private void Finish()
    {
        if (_timer is { } timer) _context.Loop.StopTimer(timer);
        _timer = null;
        if (_path is null)
        {
            _context.Messages.Enqueue(RtosMessageIds.Record, ("record_end_ind", true));
            return;
        }
        try
        {
            var file = _context.Files.Resolve(_path, VfsAccess.Write);
            File.WriteAllBytes(file, Silence(_length));
            _context.Messages.Enqueue(RtosMessageIds.Record, ("record_end_ind", true));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warn("the recording could not be written to {Path}: {Reason}", _path, e.Message);
            _context.Messages.Enqueue(RtosMessageIds.Record, ("record_error_ind", true));
        }
    }

    // A file recording: what a stream of this length would hold (file lengths are capped at MaxFileRecordSeconds).
    private byte[] Silence(TimeSpan length)
    {
        var recorded = new byte[StreamBytes(length)];
        // Only AMR's bytes are not all zero; 600 s of PCM are 9.6 MB that need no filling on the event loop.
        if (_format == AudioFormat.Amr)
        {
            for (var position = 0; position < recorded.Length; position++) recorded[position] = StreamByteAt(position);
        }
        return _format == AudioFormat.Wav ? Wav(recorded) : recorded;
    }

    // A canonical 44-byte RIFF/WAVE header (PCM, mono, 8000 Hz, 16 bit) in front of the samples.
    private static byte[] Wav(byte[] samples)
    {
        var dataBytes = samples.Length;
        var wav = new byte[44 + dataBytes];
        samples.CopyTo(wav, 44);
        "RIFF"u8.CopyTo(wav);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(wav.AsSpan(8));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), 8000);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), AudioClip.PcmBytesPerSecond);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        "data"u8.CopyTo(wav.AsSpan(36));
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), dataBytes);
        return wav;
    }
}
