using System.Text;
using LuatHost.Luat.Modules;

namespace LuatHost.Luat.Tests;

/// <summary>
/// AudioClip: how long the module's player takes over a clip. The expected lengths come from the formats' own
/// definitions: MPEG audio frame headers (ISO/IEC 11172-3 and 13818-3: samples a frame, bit-rate and sample-rate
/// tables, frame length 144·bitrate/rate (+ padding), 72· for MPEG-2/2.5 layer III), AMR's storage format (RFC 4867
/// §5: "#!AMR\n", one header byte and the frame type's speech bytes, 20 ms a frame) and what Luat's lib/record.lua
/// states for PCM (8000 Hz, mono, 16 bit). Checked by hand against mediainfo on the clips in Luat's demo/audio: the
/// six AMR files to the millisecond, the LAME MP3s to the millisecond once their Info frame is skipped.
/// </summary>
public sealed class AudioClipTests
{
    // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, no padding: 144 * 128000 / 44100 = 417 bytes, 1152 samples.
    private static byte[] Mpeg1Frame() => [0xFF, 0xFB, 0x90, 0x64, .. new byte[413]];

    // MPEG-2.5 layer III, 32 kbit/s, 11.025 kHz (demo/audio's call.mp3): 72 * 32000 / 11025 = 208 bytes, 576 samples.
    private static byte[] Mpeg25Frame() => [0xFF, 0xE3, 0x40, 0xC4, .. new byte[204]];

    [Fact]
    public void An_mpeg1_layer3_clip_lasts_its_frames_samples()
    {
        var clip = Enumerable.Repeat(Mpeg1Frame(), 10).SelectMany(f => f).ToArray();
        Assert.Equal(AudioFormat.Mp3, AudioClip.Detect(clip, "/a.bin"));
        Assert.Equal(10 * 1152 / 44100.0, AudioClip.Duration(clip, AudioFormat.Mp3)!.Value.TotalSeconds, 6);
    }

    [Fact]
    public void An_id3_tag_and_an_encoders_info_frame_are_not_sound()
    {
        // ID3v2.4 header with a syncsafe size of 39 (0x27) bytes, then an Info frame, then 76 frames of sound.
        byte[] tag = [.. "ID3"u8, 4, 0, 0, 0, 0, 0, 0x27, .. new byte[0x27]];
        var info = Mpeg25Frame();
        "Info"u8.CopyTo(info.AsSpan(4 + 17));
        var clip = tag.Concat(info).Concat(Enumerable.Repeat(Mpeg25Frame(), 76).SelectMany(f => f)).ToArray();
        Assert.Equal(AudioFormat.Mp3, AudioClip.Detect(clip, "/call.mp3"));
        Assert.Equal(76 * 576 / 11025.0, AudioClip.Duration(clip, AudioFormat.Mp3)!.Value.TotalSeconds, 6);
    }

    [Fact]
    public void Junk_between_mp3_frames_is_skipped_and_a_padded_frame_is_one_byte_longer()
    {
        byte[] padded = [0xFF, 0xFB, 0x92, 0x64, .. new byte[414]]; // padding bit: 418 bytes
        var clip = Mpeg1Frame().Concat(new byte[] { 1, 2, 3 }).Concat(padded).Concat(Mpeg1Frame()).ToArray();
        Assert.Equal(3 * 1152 / 44100.0, AudioClip.Duration(clip, AudioFormat.Mp3)!.Value.TotalSeconds, 6);
    }

    [Fact]
    public void Amr_nb_frames_of_any_type_last_20_ms_each()
    {
        // 12.2 kbit/s (type 7: 31 speech bytes), 4.75 (type 0: 12), SID (type 8: 5), NO_DATA (type 15: none).
        byte[] clip = [.. "#!AMR\n"u8, 7 << 3 | 4, .. new byte[31], 0 << 3 | 4, .. new byte[12], 8 << 3 | 4, .. new byte[5], 15 << 3 | 4];
        Assert.Equal(AudioFormat.Amr, AudioClip.Detect(clip, "/x"));
        Assert.Equal(TimeSpan.FromMilliseconds(80), AudioClip.Duration(clip, AudioFormat.Amr));
    }

    [Fact]
    public void Amr_wb_frames_use_the_wideband_sizes()
    {
        // 23.85 kbit/s (type 8: 60 speech bytes) twice.
        byte[] clip = [.. "#!AMR-WB\n"u8, 8 << 3 | 4, .. new byte[60], 8 << 3 | 4, .. new byte[60]];
        Assert.Equal(TimeSpan.FromMilliseconds(40), AudioClip.Duration(clip, AudioFormat.Amr));
    }

    [Fact]
    public void Pcm_is_8000_samples_of_16_bits_a_second_and_a_wav_says_its_own_rate()
    {
        Assert.Equal(AudioFormat.Pcm, AudioClip.Detect(new byte[10], "/lua/alarm_door.pcm"));
        Assert.Equal(TimeSpan.FromSeconds(2), AudioClip.Duration(new byte[32_000], AudioFormat.Pcm));

        // RIFF/WAVE, 22,050 bytes a second (11,025 Hz mono 16 bit), 44,100 bytes of data.
        var wav = new byte[44 + 44_100];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(wav, 0);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(wav, 8);
        BitConverter.GetBytes(16).CopyTo(wav, 16);
        BitConverter.GetBytes((short)1).CopyTo(wav, 20);
        BitConverter.GetBytes((short)1).CopyTo(wav, 22);
        BitConverter.GetBytes(11_025).CopyTo(wav, 24);
        BitConverter.GetBytes(22_050).CopyTo(wav, 28);
        Encoding.ASCII.GetBytes("data").CopyTo(wav, 36);
        BitConverter.GetBytes(44_100).CopyTo(wav, 40);
        Assert.Equal(AudioFormat.Wav, AudioClip.Detect(wav, "/x.wav"));
        Assert.Equal(TimeSpan.FromSeconds(2), AudioClip.Duration(wav, AudioFormat.Wav));
    }

    [Fact]
    public void Bytes_that_are_no_clip_have_no_length()
    {
        Assert.Null(AudioClip.Detect("hello"u8, "/notes.txt"));
        Assert.Null(AudioClip.Duration("hello"u8, AudioFormat.Mp3));
        Assert.Null(AudioClip.Duration("#!AMR\n"u8, AudioFormat.Amr));
        Assert.Null(AudioClip.Duration([], AudioFormat.Pcm));
    }
}
