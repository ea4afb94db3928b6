using LuatHost.Luat.Binding;
using LuatHost.Luat.Device;

namespace LuatHost.Luat.Modules;

/// <summary>
/// ttsply: the core's text-to-speech (TTS firmware), which Luat's lib/audio.lua drives for audio.play(…, "TTS", text):
/// initEngine, setParm(0, speed 0–100), play(GB2312 text), stop. The PC reads nothing aloud; the speech lasts as long as
/// a reader would take, then MSG_TTSPLY_STATUS comes. No Luat source gives the engine's pace: Chinese speech runs about
/// 4–5 characters a second, so a Chinese character counts 220 ms, a Latin letter or digit 150 ms, anything else 100 ms,
/// at speed 50 (the library's default); speeds scale that between half and double.
/// </summary>
public static class TtsPlayModule
{
    private const int DefaultSpeed = 50;

    public static LuatLibrary Library { get; } = new("ttsply", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var audio = AudioDevice.Of(lib.Context);
        var speed = (long)DefaultSpeed;
        lib.Function("initEngine", lua =>
            {
                lua.PushBoolean(true);
                return 1;
            })
            .Function("setParm", lua =>
            {
                if (lua.Integer(1, "ttsply.setParm") == 0) speed = Math.Clamp(lua.Integer(2, "ttsply.setParm"), 0, 100);
                lua.PushBoolean(true);
                return 1;
            })
            .Function("play", lua =>
            {
                var text = lua.Bytes(1, "ttsply.play");
                var (length, characters) = Reading(text, speed);
                audio.Speak(length, characters);
                lua.PushBoolean(true);
                return 1;
            })
            .Function("stop", lua =>
            {
                lua.PushBoolean(audio.StopSpeech());
                return 1;
            });
    }

    /// <summary>How long reading <paramref name="gb2312"/> aloud takes at <paramref name="speed"/>, and how many characters it has.</summary>
    public static (TimeSpan Length, int Characters) Reading(ReadOnlySpan<byte> gb2312, long speed)
    {
        var milliseconds = 0.0;
        var characters = 0;
        for (var i = 0; i < gb2312.Length; i++, characters++)
        {
            var b = gb2312[i];
            if (b >= 0x80 && i + 1 < gb2312.Length)
            {
                milliseconds += 220; // a two-byte GB2312 character
                i++;
            }
            else
            {
                milliseconds += char.IsAsciiLetterOrDigit((char)b) ? 150 : 100;
            }
        }
        var pace = Math.Clamp((double)DefaultSpeed / Math.Max(speed, 1), 0.5, 2.0);
        // A day at most: a script's whole memory of text would otherwise be read for years.
        return (TimeSpan.FromMilliseconds(Math.Min(milliseconds * pace, TimeSpan.FromDays(1).TotalMilliseconds)), characters);
    }
}
