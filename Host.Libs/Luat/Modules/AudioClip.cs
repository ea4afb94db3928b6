using System.Buffers.Binary;

namespace LuatHost.Luat.Modules;

/// <summary>The formats audiocore plays and records (audiocore.AMR, PCM, MP3, SPX; WAV only records).</summary>
public enum AudioFormat
{
    Amr = 1,
    Pcm = 2,
    Mp3 = 3,
    Spx = 4,
    Wav = 5,
}

/// <summary>
/// How long the module's player takes over a clip, worked out from its bytes, so a script's "play ended" comes when it
/// would on a module. MP3 frame by frame (ISO/IEC 11172-3 and 13818-3 frame headers; an ID3v2 tag skipped), AMR-NB and
/// AMR-WB by their 20 ms frames (RFC 4867 §5, the storage format), WAV by its fmt and data chunks, and what Luat's
/// lib/record.lua documents for the rest: PCM is 8000 Hz, mono, 16 bit (16,000 bytes a second) and speex about 6 KB
/// for 5 seconds (taken as 1,200 bytes a second, the size demo/audio's stream test reads it in).
/// </summary>
public static class AudioClip
{
    public const int PcmBytesPerSecond = 16_000;
    public const int SpeexBytesPerSecond = 1_200;

    private static readonly byte[] AmrNbMagic = "#!AMR\n"u8.ToArray();
    private static readonly byte[] AmrWbMagic = "#!AMR-WB\n"u8.ToArray();

    // Speech bytes after each frame's one-byte header, by frame type (RFC 4867 §5.3; 3GPP TS 26.101 and 26.201).
    // AMR-NB: 4.75 … 12.2 kbit/s, then SID; AMR-WB: 6.60 … 23.85 kbit/s, then SID. NO_DATA (15) and the reserved types carry none.
    private static readonly int[] AmrNbSpeechBytes = [12, 13, 15, 17, 19, 20, 26, 31, 5, 0, 0, 0, 0, 0, 0, 0];
    private static readonly int[] AmrWbSpeechBytes = [17, 23, 32, 36, 40, 46, 50, 58, 60, 5, 0, 0, 0, 0, 0, 0];

    /// <summary>The AMR-NB frame type for each of Luat's recording qualities 0–3: 5.15, 6.70, 7.95, 12.2 kbit/s (lib/record.lua).</summary>
    public static readonly int[] AmrNbTypeByQuality = [1, 3, 4, 7];

    /// <summary>The format a file's bytes are in (by its header; PCM and speex have none, so by its name), or null.</summary>
    public static AudioFormat? Detect(ReadOnlySpan<byte> data, string path)
    {
        if (data.StartsWith(AmrNbMagic) || data.StartsWith(AmrWbMagic)) return AudioFormat.Amr;
        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WAVE"u8)) return AudioFormat.Wav;
        if (data.StartsWith("ID3"u8) || (data.Length >= 4 && Mp3Frame(data, out _, out _))) return AudioFormat.Mp3;
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".pcm" => AudioFormat.Pcm,
            ".spx" => AudioFormat.Spx,
            ".mp3" => AudioFormat.Mp3,
            _ => null,
        };
    }

    /// <summary>The clip's playing time; null when the bytes are not a clip of <paramref name="format"/> (the player refuses it).</summary>
    public static TimeSpan? Duration(ReadOnlySpan<byte> data, AudioFormat format) => format switch
    {
        AudioFormat.Pcm => data.Length == 0 ? null : TimeSpan.FromSeconds((double)data.Length / PcmBytesPerSecond),
        AudioFormat.Spx => data.Length == 0 ? null : TimeSpan.FromSeconds((double)data.Length / SpeexBytesPerSecond),
        AudioFormat.Amr => AmrDuration(data),
        AudioFormat.Mp3 => Mp3Duration(data),
        AudioFormat.Wav => WavDuration(data),
        _ => null,
    };

    /// <summary>
    /// Bytes a second a stream of <paramref name="format"/> plays at, from its first frame where the format has frames
    /// (an MP3 frame's bit rate, an AMR frame's type), else the format's fixed rate.
    /// </summary>
    public static double BytesPerSecond(ReadOnlySpan<byte> data, AudioFormat format)
    {
        switch (format)
        {
            case AudioFormat.Mp3:
                var mp3 = data.StartsWith("ID3"u8) ? data[Math.Min(Id3Length(data), data.Length)..] : data;
                return mp3.Length >= 4 && Mp3Frame(mp3, out var length, out var seconds) ? length / seconds : PcmBytesPerSecond;
            case AudioFormat.Amr:
                var wide = data.StartsWith(AmrWbMagic);
                var frames = wide ? data[AmrWbMagic.Length..] : data.StartsWith(AmrNbMagic) ? data[AmrNbMagic.Length..] : data;
                var type = frames.Length > 0 ? (frames[0] >> 3) & 0x0F : 7;
                return (1 + (wide ? AmrWbSpeechBytes : AmrNbSpeechBytes)[type]) * 50.0;
            case AudioFormat.Spx:
                return SpeexBytesPerSecond;
            default:
                return PcmBytesPerSecond;
        }
    }

    /// <summary>An AMR-NB frame of silence in frame type <paramref name="type"/>: its header (quality bit set) and zero speech bits.</summary>
    public static byte[] AmrNbSilentFrame(int type)
    {
        var frame = new byte[1 + AmrNbSpeechBytes[type]];
        frame[0] = (byte)((type << 3) | 0x04);
        return frame;
    }

    public static ReadOnlySpan<byte> AmrNbHeader => AmrNbMagic;

    private static TimeSpan? AmrDuration(ReadOnlySpan<byte> data)
    {
        var wide = data.StartsWith(AmrWbMagic);
        if (!wide && !data.StartsWith(AmrNbMagic)) return null;
        var sizes = wide ? AmrWbSpeechBytes : AmrNbSpeechBytes;
        var frames = 0;
        for (var i = wide ? AmrWbMagic.Length : AmrNbMagic.Length; i < data.Length; frames++)
        {
            i += 1 + sizes[(data[i] >> 3) & 0x0F];
        }
        return frames == 0 ? null : TimeSpan.FromMilliseconds(20.0 * frames);
    }

    private static TimeSpan? Mp3Duration(ReadOnlySpan<byte> data)
    {
        var seconds = 0.0;
        var frames = 0;
        var i = data.StartsWith("ID3"u8) ? Id3Length(data) : 0;
        while (i + 4 <= data.Length)
        {
            if (Mp3Frame(data[i..], out var length, out var frameSeconds))
            {
                // An encoder's Xing/Info (or Fraunhofer VBRI) frame first holds the file's index, not sound: players skip it.
                if (frames > 0 || !IsIndexFrame(data.Slice(i, Math.Min(length, data.Length - i))))
                {
                    seconds += frameSeconds;
                    frames++;
                }
                i += length;
            }
            else
            {
                i++; // junk or a tag between frames: look for the next frame header
            }
        }
        return frames == 0 ? null : TimeSpan.FromSeconds(seconds);
    }

    // The Xing/Info tag sits after the side information (up to 36 bytes in), VBRI at 36 bytes.
    private static bool IsIndexFrame(ReadOnlySpan<byte> frame)
    {
        var head = frame[..Math.Min(frame.Length, 48)];
        return head.IndexOf("Xing"u8) >= 0 || head.IndexOf("Info"u8) >= 0 || head.IndexOf("VBRI"u8) >= 0;
    }

    // ID3v2: "ID3", version (2 bytes), flags, then the tag's size in four 7-bit bytes, not counting the 10-byte header.
    private static int Id3Length(ReadOnlySpan<byte> data) =>
        data.Length < 10 ? data.Length : 10 + ((data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F));

    private static readonly int[][] Mpeg1Bitrates =
    [
        [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448], // layer I
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384], // layer II
        [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320], // layer III
    ];

    private static readonly int[][] Mpeg2Bitrates =
    [
        [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256], // layer I
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160], // layers II and III
        [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
    ];

    private static readonly int[][] SampleRates = [[11025, 12000, 8000], [], [22050, 24000, 16000], [44100, 48000, 32000]];

    // One MPEG audio frame header: its frame's length in bytes and playing time.
    private static bool Mp3Frame(ReadOnlySpan<byte> data, out int length, out double seconds)
    {
        length = 0;
        seconds = 0;
        if (data.Length < 4 || data[0] != 0xFF || (data[1] & 0xE0) != 0xE0) return false;
        var version = (data[1] >> 3) & 3; // 0 MPEG 2.5, 1 reserved, 2 MPEG 2, 3 MPEG 1
        var layer = 4 - ((data[1] >> 1) & 3); // 1, 2, 3; 4 is the reserved code 0
        var bitrateIndex = data[2] >> 4;
        var rateIndex = (data[2] >> 2) & 3;
        if (version == 1 || layer == 4 || bitrateIndex is 0 or 15 || rateIndex == 3) return false;
        var bitrate = (version == 3 ? Mpeg1Bitrates : Mpeg2Bitrates)[layer - 1][bitrateIndex] * 1000;
        var sampleRate = SampleRates[version][rateIndex];
        var padding = (data[2] >> 1) & 1;
        var samples = layer == 1 ? 384 : layer == 2 || version == 3 ? 1152 : 576;
        length = layer == 1 ? (12 * bitrate / sampleRate + padding) * 4 : samples / 8 * bitrate / sampleRate + padding;
        seconds = (double)samples / sampleRate;
        return length > 4;
    }

    private static TimeSpan? WavDuration(ReadOnlySpan<byte> data)
    {
        var byteRate = 0;
        for (var i = 12; i + 8 <= data.Length;)
        {
            var id = data.Slice(i, 4);
            var size = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(i + 4, 4)), int.MaxValue);
            if (id.SequenceEqual("fmt "u8) && size >= 12 && i + 20 <= data.Length) byteRate = BinaryPrimitives.ReadInt32LittleEndian(data.Slice(i + 16, 4));
            if (id.SequenceEqual("data"u8) && byteRate > 0)
                return TimeSpan.FromSeconds((double)Math.Min(size, data.Length - i - 8) / byteRate);
            i += 8 + size + (size & 1);
            if (i < 0) break;
        }
        return null;
    }
}
