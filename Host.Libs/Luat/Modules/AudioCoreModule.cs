using LuatHost.Luat.Binding;
using LuatHost.Luat.Device;
using LuatHost.Luat.Loop;

namespace LuatHost.Luat.Modules;

/// <summary>
/// audiocore: the core's player and recorder, which Luat's lib/audio.lua and lib/record.lua drive (and demos call
/// directly). The PC has neither the module's speaker nor its microphone, so the timing is what a module's would be and
/// the sound is silence (<see cref="AudioDevice"/>): play answers whether the clip is one the player knows and
/// MSG_AUDIO comes when it would have ended; a recording writes silence of its length. Volumes, channels, the amplifier
/// and the headset detector are recorded no-ops that keep what was set.
/// </summary>
public static class AudioCoreModule
{
    /// <summary>Longest file recording taken (lib/record.lua allows 50 s; a direct call asking for more is refused).</summary>
    public const int MaxFileRecordSeconds = 600;

    /// <summary>Largest clip file audiocore.play reads (the module's whole file system is a few MB).</summary>
    public const int MaxClipBytes = 16 << 20;

    public static LuatLibrary Library { get; } = new("audiocore", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var context = lib.Context;
        var audio = AudioDevice.Of(context);
        var volume = 4L;
        var speechVolume = 4L;
        var micVolume = 1L;
        lib.Constant("AMR", (long)AudioFormat.Amr).Constant("PCM", (long)AudioFormat.Pcm)
            .Constant("MP3", (long)AudioFormat.Mp3).Constant("SPX", (long)AudioFormat.Spx)
            .Constant("HANDSET", 0).Constant("EARPHONE", 1).Constant("LOUDSPEAKER", 2)
            .Constant("CLASS_AB", 0).Constant("CLASS_D", 1).Constant("PLAY_VOLTE", 0)
            .Constant("VOL0", 0).Constant("VOL1", 1).Constant("VOL2", 2).Constant("VOL3", 3)
            .Constant("VOL4", 4).Constant("VOL5", 5).Constant("VOL6", 6).Constant("VOL7", 7)
            .Function("play", lua =>
            {
                var path = lua.Text(1, "audiocore.play");
                byte[] data;
                try
                {
                    var file = new FileInfo(context.Files.Resolve(path));
                    // A module's flash holds a few MB; a file past MaxClipBytes is no clip its player would take.
                    data = file.Length <= MaxClipBytes ? File.ReadAllBytes(file.FullName) : [];
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    lua.PushBoolean(false); // as the core answers a file it cannot open
                    return 1;
                }
                lua.PushBoolean(audio.PlayClip(data, AudioClip.Detect(data, path), path));
                return 1;
            })
            .Function("playdata", lua =>
            {
                var data = lua.Bytes(1, "audiocore.playdata");
                var format = Format(lua, 2, "audiocore.playdata");
                lua.PushBoolean(audio.PlayClip(data, format, $"{data.Length} bytes of {format}"));
                return 1;
            })
            .Function("stop", lua =>
            {
                audio.StopClip();
                lua.PushBoolean(true);
                return 1;
            })
            .Function("streamplay", lua =>
            {
                var format = Format(lua, 1, "audiocore.streamplay");
                lua.PushInteger(audio.Stream(lua.Bytes(2, "audiocore.streamplay"), format));
                return 1;
            })
            .Function("streamremain", lua =>
            {
                lua.PushInteger(audio.StreamRemaining());
                return 1;
            })
            .Function("record", lua =>
            {
                var path = lua.Text(1, "audiocore.record");
                var seconds = lua.Integer(2, "audiocore.record");
                var ok = seconds is > 0 and <= MaxFileRecordSeconds && audio.Recorder.Start(path, TimeSpan.FromSeconds(seconds),
                    (int)lua.OptionalInteger(3, "audiocore.record", 1), RecordFormat(lua, 5, "audiocore.record"));
                lua.PushBoolean(ok);
                return 1;
            })
            .Function("streamrecord", lua =>
            {
                var seconds = lua.Integer(1, "audiocore.streamrecord");
                var ok = seconds > 0 && audio.Recorder.StartStream(TimeSpan.FromSeconds(seconds), (int)lua.OptionalInteger(2, "audiocore.streamrecord", 1),
                    RecordFormat(lua, 4, "audiocore.streamrecord"), (int)Math.Clamp(lua.OptionalInteger(5, "audiocore.streamrecord", 0), 0, int.MaxValue));
                lua.PushBoolean(ok);
                return 1;
            })
            .Function("streamrecordread", lua =>
            {
                lua.PushBytes(audio.Recorder.Read((int)Math.Clamp(lua.Integer(1, "audiocore.streamrecordread"), 0, int.MaxValue)));
                return 1;
            })
            .Function("stoprecord", lua =>
            {
                lua.PushBoolean(audio.Recorder.Stop());
                return 1;
            })
            .Function("deleterecord", lua =>
            {
                audio.Recorder.Release();
                return 0;
            })
            // RTMP streams (a special firmware, demo/rtmp): "1 on success, 0 on failure" by that demo's comment. The
            // virtual network has no RTMP server, so opening fails and MSG_RTMP says so (result_code 5, connection failed);
            // closing reports 2 (stopped).
            .Function("rtmpopen", lua =>
            {
                var url = lua.Text(1, "audiocore.rtmpopen");
                context.HardwareCalls.Record($"audiocore.rtmpopen({url})");
                context.Messages.Enqueue(RtosMessageIds.Rtmp, ("result", false), ("result_code", 5L));
                lua.PushInteger(0);
                return 1;
            })
            .Function("rtmpclose", lua =>
            {
                context.Messages.Enqueue(RtosMessageIds.Rtmp, ("result", true), ("result_code", 2L));
                lua.PushInteger(1);
                return 1;
            })
            .Recorded("setvol", lua => Keep(lua, ref volume))
            .Function("getvol", lua =>
            {
                lua.PushInteger(volume);
                return 1;
            })
            .Recorded("setsphvol", lua => Keep(lua, ref speechVolume))
            .Recorded("setmicvol", lua => Keep(lua, ref micVolume))
            .Recorded("setchannel", True)
            .Recorded("setpa", True)
            .Recorded("pa", True)
            .Recorded("setmicgain", True)
            .Recorded("headsetinit", True)
            .Recorded("head_plug", True);
    }

    private static int Keep(KeraLua.Lua lua, ref long setting)
    {
        if (lua.IsNumber(1)) setting = (long)lua.ToNumber(1);
        return True(lua);
    }

    private static int True(KeraLua.Lua lua)
    {
        lua.PushBoolean(true);
        return 1;
    }

    private static AudioFormat Format(KeraLua.Lua lua, int index, string function)
    {
        var value = lua.Integer(index, function);
        return Enum.IsDefined(typeof(AudioFormat), (int)value) && value != (long)AudioFormat.Wav
            ? (AudioFormat)value
            : throw LuaArgs.BadArgument(index, function, "audiocore.AMR, PCM, MP3 or SPX expected");
    }

    // lib/record.lua's format codes: 1 pcm, 2 wav, 3 amrnb (the default), 4 speex.
    private static AudioFormat RecordFormat(KeraLua.Lua lua, int index, string function) => lua.OptionalInteger(index, function, 3) switch
    {
        1 => AudioFormat.Pcm,
        2 => AudioFormat.Wav,
        4 => AudioFormat.Spx,
        _ => AudioFormat.Amr,
    };
}
