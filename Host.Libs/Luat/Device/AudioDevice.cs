using LuatHost.Luat.Loop;
using LuatHost.Luat.Modules;
using NLog;

namespace LuatHost.Luat.Device;

/// <summary>
/// The module's audio path as a script sees it, without a speaker or a microphone: a clip "plays" for as long as it
/// lasts (<see cref="AudioClip"/>) and then the core's <c>MSG_AUDIO {play_end_ind = true}</c> arrives; a stream plays
/// out of a bounded buffer at its format's rate; speech (ttsply) lasts as long as it would be read; a recording
/// writes a clip of silence of the length asked for. One per power-on (timers end with it).
/// </summary>
public sealed class AudioDevice : IDisposable
{
    /// <summary>What audiocore.streamplay takes before it answers with less than it was given (no Luat source gives the core's size).</summary>
    public const int StreamBufferBytes = 8 * 1024;

    private static readonly Logger Log = LogManager.GetLogger("luat.audio");

    private readonly LuatContext _context;
    private long? _clipTimer;
    private string? _lastClip;
    private long? _speechTimer;
    private AudioFormat _streamFormat;
    private double _streamBytesPerSecond;
    private double _streamQueued;
    private DateTime _streamCheckedAt;

    private AudioDevice(LuatContext context) => _context = context;

    /// <summary>This power-on's audio path.</summary>
    public static AudioDevice Of(LuatContext context) => context.GetService(c => new AudioDevice(c));

    /// <summary>Recording (audiocore.record/streamrecord): its own state and timer.</summary>
    public AudioRecorder Recorder => _recorder ??= new AudioRecorder(_context);

    private AudioRecorder? _recorder;

    /// <summary>Plays a clip: false when it is no clip the player knows (the core's answer), else MSG_AUDIO when it ends.</summary>
    public bool PlayClip(ReadOnlySpan<byte> data, AudioFormat? format, string what)
    {
        StopClip();
        var duration = format is { } known ? AudioClip.Duration(data, known) : null;
        if (duration is not { } length)
        {
            Log.Info("{What} is not a clip the module plays (MP3, AMR, PCM, speex)", what);
            return false;
        }
        // Once at info per clip in a row: a ringtone repeated by audio.play's dup would fill the log.
        Log.Log(what == _lastClip ? LogLevel.Debug : LogLevel.Info, "playing {What} for {Seconds:0.00} s (silently: the PC has no module speaker)", what, length.TotalSeconds);
        _lastClip = what;
        _clipTimer = _context.Loop.StartTimer(length, () =>
        {
            _clipTimer = null;
            _context.Messages.Enqueue(RtosMessageIds.Audio, ("play_end_ind", true));
        });
        return true;
    }

    /// <summary>audiocore.stop: the clip and the stream stop; no end message follows (Luat's audio library calls it after one).</summary>
    public void StopClip()
    {
        if (_clipTimer is { } timer) _context.Loop.StopTimer(timer);
        _clipTimer = null;
        _streamQueued = 0;
    }

    /// <summary>audiocore.streamplay: how many of the bytes the buffer took; the rest are for the script to offer again.</summary>
    public int Stream(ReadOnlySpan<byte> data, AudioFormat format)
    {
        Drain();
        if (_streamQueued <= 0 || format != _streamFormat)
        {
            _streamFormat = format;
            _streamBytesPerSecond = AudioClip.BytesPerSecond(data, format);
        }
        var taken = (int)Math.Clamp(StreamBufferBytes - _streamQueued, 0, data.Length);
        _streamQueued += taken;
        return taken;
    }

    /// <summary>audiocore.streamremain: bytes given to the stream that have not played yet.</summary>
    public int StreamRemaining()
    {
        Drain();
        return (int)Math.Ceiling(_streamQueued);
    }

    /// <summary>Speech (ttsply.play): <c>MSG_TTSPLY_STATUS</c> once it has been read out.</summary>
    public void Speak(TimeSpan length, int characters)
    {
        // New speech replaces what was being read, without a status for the old one.
        if (_speechTimer is { } reading) _context.Loop.StopTimer(reading);
        Log.Info("speaking {Characters} characters for {Seconds:0.00} s (silently)", characters, length.TotalSeconds);
        _speechTimer = _context.Loop.StartTimer(length, () =>
        {
            _speechTimer = null;
            _context.Messages.Enqueue(RtosMessageIds.TtsPlayStatus, ("result", true));
        });
    }

    /// <summary>
    /// ttsply.stop: true when speech was playing, and then the status message comes at once (Luat's audio library waits
    /// up to 2 s for it on cores that report a stop); false when nothing was being read.
    /// </summary>
    public bool StopSpeech()
    {
        if (_speechTimer is not { } timer) return false;
        _context.Loop.StopTimer(timer);
        _speechTimer = null;
        _context.Messages.Enqueue(RtosMessageIds.TtsPlayStatus, ("result", false));
        return true;
    }

    public void Dispose()
    {
        if (_clipTimer is { } clip) _context.Loop.StopTimer(clip);
        if (_speechTimer is { } speech) _context.Loop.StopTimer(speech);
        _recorder?.Dispose();
    }

    private void Drain()
    {
        var now = DateTime.UtcNow;
        if (_streamQueued > 0) _streamQueued = Math.Max(0, _streamQueued - (now - _streamCheckedAt).TotalSeconds * _streamBytesPerSecond);
        _streamCheckedAt = now;
    }
}
