namespace LuatHost.Luat.Tests;

/// <summary>
/// audio and record (the APIs of Luat's lib/audio.lua and lib/record.lua) on audiocore and ttsply: the result codes,
/// priorities and stops Luat's library documents, clips that end when their own length has passed, recordings of the
/// sizes lib/record.lua states. Ordered against sys timers, not against the clock: a clip of 0.52 s ends after a 0.3 s
/// timer and before a 1.5 s one whatever the machine's load.
/// </summary>
public sealed class LuatAudioTests
{
    // 20 MPEG-1 layer III frames at 128 kbit/s, 44.1 kHz: 20 × 1152 / 44100 = 0.522 s.
    private const string WriteClip = """
        local frame = string.char(0xFF, 0xFB, 0x90, 0x64) .. string.rep("\0", 413)
        io.writeFile("/clip.mp3", string.rep(frame, 20))

        """;

    private static List<string> Run(string body)
    {
        using var project = new LuatTestProject();
        var result = project.Run(LuatProjectHeader.Sys + "require \"audio\"\nrequire \"record\"\n" + WriteClip + body + """

            sys.init(0, 0)
            sys.run()
            """);
        Assert.True(result.ExitCode == 0, string.Join('\n', project.Lines));
        // The script's own prints: the libraries' log lines ([I]-[audio.play] …) are not what is checked.
        return project.Lines.Where(l => !(l.Length > 3 && l[0] == '[' && l[2] == ']' && l[3] == '-')).ToList();
    }

    [Fact]
    public void A_clip_ends_with_result_0_when_its_length_has_passed()
    {
        var lines = Run("""
            sys.timerStart(print, 300, "0.3 s")
            sys.timerStart(function() print("1.5 s") os.exit(0) end, 1500)
            print("play", audio.play(1, "FILE", "/clip.mp3", 7, function(r) print("ended", r) end))
            """);
        Assert.Equal(["play\ttrue", "0.3 s", "ended\t0", "1.5 s"], lines);
    }

    [Fact]
    public void A_file_the_player_cannot_open_or_does_not_know_ends_with_result_1()
    {
        var lines = Run("""
            io.writeFile("/notes.txt", "not a clip")
            sys.taskInit(function()
              audio.play(1, "FILE", "/missing.mp3", 7, function(r) print("missing", r) sys.publish("NEXT") end)
              sys.waitUntil("NEXT")
              audio.play(1, "FILE", "/notes.txt", 7, function(r) print("text", r) os.exit(0) end)
            end)
            """);
        Assert.Equal(["missing\t1", "text\t1"], lines);
    }

    [Fact]
    public void A_higher_priority_cuts_the_playing_one_short_and_a_lower_one_is_refused()
    {
        var lines = Run("""
            audio.play(1, "FILE", "/clip.mp3", 7, function(r) print("ringtone", r) end, true)
            audio.play(3, "FILE", "/clip.mp3", 7, function(r) print("power-on", r) os.exit(0) end)
            audio.play(2, "FILE", "/clip.mp3", 7, function(r) print("sms", r) end)
            """);
        Assert.Equal(["sms\t2", "ringtone\t4", "power-on\t0"], lines);
    }

    [Fact]
    public void Equal_priorities_wait_unless_the_strategy_is_1()
    {
        var lines = Run("""
            sys.taskInit(function()
              audio.play(1, "FILE", "/clip.mp3", 7, function(r) print("first", r) end)
              audio.play(1, "FILE", "/clip.mp3", 7, function(r) print("second", r) end)
              sys.wait(1500)
              audio.setStrategy(1)
              audio.play(1, "FILE", "/clip.mp3", 7, function(r) print("third", r) end)
              audio.play(1, "FILE", "/clip.mp3", 7, function(r) print("fourth", r) os.exit(0) end)
            end)
            """);
        Assert.Equal(["second\t2", "first\t0", "third\t4", "fourth\t0"], lines);
    }

    [Fact]
    public void A_repeating_clip_plays_until_audio_stop_then_both_callbacks_come()
    {
        var lines = Run("""
            audio.play(1, "FILE", "/clip.mp3", 7, function(r) print("loop", r) end, true, 100)
            sys.timerStart(function()
              audio.stop(function(r) print("stopped", r) os.exit(0) end)
            end, 1400)
            """);
        Assert.Equal(["loop\t5", "stopped\t0"], lines);
    }

    [Fact]
    public void Speech_ends_after_it_has_been_read_and_stop_with_nothing_playing_answers_at_once()
    {
        var lines = Run("""
            audio.stop(function(r) print("idle stop", r) end)
            sys.timerStart(print, 300, "0.3 s")
            audio.play(1, "TTS", "上海合宙欢迎您", 7, function(r) print("spoken", r) os.exit(0) end)
            """);
        // Seven Chinese characters at 220 ms: 1.54 s.
        Assert.Equal(["idle stop\t0", "0.3 s", "spoken\t0"], lines);
    }

    [Fact]
    public void Several_amr_files_play_as_one_clip()
    {
        // Two AMR-NB files of 25 frames of 12.2 kbit/s (32 bytes each): 0.5 s each, 1 s together.
        var lines = Run("""
            local amr = "#!AMR\n" .. string.rep(string.char(0x3C) .. string.rep("\0", 31), 25)
            io.writeFile("/a.amr", amr)
            io.writeFile("/b.amr", amr)
            sys.timerStart(print, 700, "0.7 s")
            audio.play(1, "FILE", { "/a.amr", "/b.amr" }, 7, function(r) print("both", r) os.exit(0) end)
            """);
        Assert.Equal(["0.7 s", "both\t0"], lines);
    }

    [Fact]
    public void A_file_recording_has_the_size_lib_record_documents_and_plays_back()
    {
        // Quality 3 is AMR-NB 12.2 kbit/s: "#!AMR\n" and 50 frames of 32 bytes a second; 2 s → 3,206 bytes.
        var lines = Run("""
            print("start", record.start(2, function(ok, size)
              print("recorded", ok, size, record.getSize())
              print("busy", record.isBusy(), record.exists(), #record.getData(0, 6), record.getData(0, 6) == "#!AMR\n")
              audio.play(1, "FILE", record.getFilePath(), 7, function(r) print("played", r) os.exit(0) end)
            end, "FILE", 3))
            print("busy", record.isBusy())
            """);
        Assert.Equal(["start\ttrue", "busy\ttrue", "recorded\ttrue\t3206\t3206\t2", "busy\ttrue\ttrue\t6\ttrue", "played\t0"], lines);
    }

    [Fact]
    public void A_recording_stopped_early_keeps_what_was_recorded()
    {
        var lines = Run("""
            record.start(10, function(ok, size) print("recorded", ok, size > 6, size < 10 * 900) end)
            sys.timerStart(record.stop, 500, function(r) print("stop", r) os.exit(0) end)
            """);
        Assert.Equal(["recorded\ttrue\ttrue\ttrue", "stop\t0"], lines);
    }

    [Fact]
    public void A_stream_recording_reports_its_data_and_ends_with_all_of_it_read()
    {
        // Default quality 1 is AMR-NB 6.70 kbit/s: 18-byte frames, 50 a second; 2 s → 6 + 100 × 18 = 1,806 bytes.
        var lines = Run("""
            local got = {}
            record.start(2, function(ok, size, tag)
              if tag == "STREAM" then
                got[#got + 1] = audiocore.streamrecordread(size)
              else
                local all = table.concat(got)
                print("end", ok, tag, #all, all:sub(1, 6) == "#!AMR\n", #got > 1)
                os.exit(0)
              end
            end, "STREAM")
            """);
        Assert.Equal(["end\ttrue\tEND\t1806\ttrue\ttrue"], lines);
    }

    [Fact]
    public void A_recording_longer_than_50_seconds_or_a_second_start_is_refused()
    {
        var lines = Run("""
            print(record.start(51, function(...) print("cb", ...) end))
            print(record.start(1, function(ok) print("first", ok) os.exit(0) end))
            print(record.start(1, function(...) print("second", ...) end))
            """);
        Assert.Equal(["cb", "false", "true", "second", "false", "first\ttrue"], lines);
    }

    [Fact]
    public void A_stream_takes_what_its_buffer_holds_and_drains_at_the_formats_rate()
    {
        var lines = Run("""
            sys.taskInit(function()
              local pcm = string.rep("\0", 6000)
              local taken = audiocore.streamplay(audiocore.PCM, pcm) + audiocore.streamplay(audiocore.PCM, pcm)
              -- 8,192 bytes, and a byte or two more when some played between the two calls
              print("taken", taken >= 8192, taken < 8300, audiocore.streamremain() <= 8192)
              sys.wait(1000) -- PCM plays 16,000 bytes a second
              print("drained", audiocore.streamremain())
              os.exit(0)
            end)
            """);
        Assert.Equal(["taken\ttrue\ttrue\ttrue", "drained\t0"], lines);
    }

    [Fact]
    public void An_rtmp_stream_cannot_open_on_the_virtual_network_and_says_so_as_demo_rtmp_expects()
    {
        var lines = Run("""
            rtos.on(rtos.MSG_RTMP, function(msg)
              print("rtmp", msg.result, msg.result_code)
              if msg.result_code == 2 then os.exit(0) end
            end)
            print("open", audiocore.rtmpopen("rtmp://test/mp3"))
            sys.timerStart(function() print("close", audiocore.rtmpclose()) end, 100)
            """);
        // demo/rtmp's own comment: rtmpopen gives 1 on success and 0 on failure; MSG_RTMP result_code 5 is
        // "connection failed", 2 "stopped".
        Assert.Equal(["open\t0", "rtmp\tfalse\t5", "close\t1", "rtmp\ttrue\t2"], lines);
    }
}
