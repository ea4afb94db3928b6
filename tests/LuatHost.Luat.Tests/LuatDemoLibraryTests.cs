using System.Security.Cryptography;

namespace LuatHost.Luat.Tests;

/// <summary>
/// What Luat's own demo projects (script_LuaTask/demo of openLuat/Luat_4G_RDA_8910, run unmodified by
/// tests/LuatDemos/run.sh) needed beyond the libraries themselves: the globals Luat's lib files create through
/// their `require` lines, `require` of the firmware's C modules, the lib files under /lua/, and the hardware
/// libraries answering as a module with nothing wired to them.
/// </summary>
public sealed class LuatDemoLibraryTests
{
    // The require lines at the top of each file of Luat's script_LuaTask/lib (V2.4.0), followed through: what
    // `require "<name>"` leaves as globals on a module. sys.lua requires clib at its end and patch.lua requires pm,
    // so Luat's demo/modbus calls pm.wake having required only sys, net and netLed. socket.lua requires http only
    // inside a function, so http is not among errDump's.
    [Theory]
    [InlineData("sys", "utils log patch pm clib")]
    [InlineData("net", "log ril sim sys utils pm")]
    [InlineData("misc", "ril sys")]
    [InlineData("netLed", "pins sim ril")]
    [InlineData("errDump", "socket misc link net utils")]
    [InlineData("ntp", "misc socket utils log")]
    [InlineData("mqtt", "log socket utils link")]
    [InlineData("aLiYun", "http log mqtt socket link net ril sim")]
    [InlineData("aLiYunOta", "http log socket")]
    [InlineData("console", "ril")]
    [InlineData("powerKey", "sys")]
    [InlineData("audio", "common misc utils")]
    [InlineData("record", "log ril")]
    [InlineData("cc", "ril pm")]
    [InlineData("wifiScan", "sys")]
    [InlineData("update", "misc http log common")]
    public void Requiring_a_lib_module_defines_the_globals_its_Luat_lib_file_requires(string module, string expected)
    {
        var names = expected.Split(' ');
        var check = string.Join(", ", names.Select(n => $"type(rawget(_G, \"{n}\"))"));
        var line = Assert.Single(LuaSnippet.Lines($"""
            require "{module}"
            print({check})
            """));
        Assert.Equal(string.Join('\t', names.Select(_ => "table")), line);
    }

    [Fact]
    public void The_firmware_s_C_modules_can_be_required_and_are_the_globals()
    {
        // Luat's demo/spiFlash: lmath.lua starts with require "bit".
        Assert.Equal("true\ttrue\ttrue\ttrue\ttrue", LuaSnippet.Eval(
            """require "bit" == bit, require "pack" == pack, require "json" == json, require "crypto" == crypto, require("rtos") == rtos"""));
    }

    [Fact]
    public void Wdt_is_the_empty_module_it_is_for_the_RDA8910()
    {
        Assert.Equal("table\tnil", LuaSnippet.Eval("""type(require "wdt"), wdt.setup"""));
    }

    [Fact]
    public void The_lib_files_read_under_lua_as_on_a_module_and_a_project_file_of_the_same_name_comes_first()
    {
        using var project = new LuatTestProject();
        project.File("pins.lua", "-- the project's own pins");
        var result = project.Run(LuatProjectHeader.Sys + """
            local f = io.open("/lua/sys.lua")
            local text = f:read("*a") f:close()
            print(text:find("module(..., package.seeall)", 1, true) ~= nil, io.exists("/lua/pm.lua"), io.exists("/lua/nosuch.lua"))
            print(io.readFile("/lua/pins.lua"))
            print(crypto.md5("/lua/sys.lua", "file"))
            print(pcall(io.open, "/lua/sys.lua", "w"))
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("true\ttrue\tfalse", project.Lines[0]);
        Assert.Equal("-- the project's own pins", project.Lines[1]);
        var embedded = typeof(LuatRuntime).Assembly.GetManifestResourceStream("lib/sys.lua")!;
        Assert.Equal(Convert.ToHexString(MD5.HashData(embedded)), project.Lines[2]);
        Assert.StartsWith("false\t", project.Lines[3]);
        Assert.Contains("read-only", project.Lines[3]);
    }

    [Fact]
    public void The_project_s_own_module_is_still_found_and_a_lib_file_does_not_count_as_a_project_file()
    {
        // The built-in library wins for `require "sys"` without the warning about a shadowed project file.
        using var project = new LuatTestProject();
        project.File("mine.lua", "module(..., package.seeall)\nvalue = 7\n");
        var result = project.Run(LuatProjectHeader.Sys + """
            require "mine"
            print(mine.value, package.searchpath and "" or "")
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("7\t", project.Lines[0]);
        Assert.DoesNotContain(project.Lines, l => l.Contains("ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_file_is_named_by_its_device_path_never_by_the_host_s()
    {
        using var project = new LuatTestProject();
        var (outcome, lines) = RunIn(project, """
            print(pcall(crypto.md5, "/nosuch.bin", "file"))
            local f = io.open("/plain.txt", "w") f:write("x") f:close()
            print(pcall(rtos.make_dir, "/plain.txt/sub"))
            """);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal("false\tcrypto.md5: no file '/nosuch.bin' on the device", lines[0]);
        Assert.StartsWith("false\trtos.make_dir: ", lines[1]);
        Assert.Contains("/plain.txt", lines[1]);
        Assert.DoesNotContain(project.DataDirectory, lines[1]);
        Assert.DoesNotContain(project.ProjectDirectory, string.Join('\n', lines));
    }

    [Fact]
    public void I2c_spi_adc_and_pwm_answer_as_a_module_with_nothing_wired_and_every_call_is_recorded()
    {
        using var project = new LuatTestProject();
        var (outcome, lines, calls) = RunRecorded(project, """
            print(i2c.setup(2, i2c.SLOW, 0x48) == i2c.SLOW, i2c.send(2, 0x48, {3, 0, 4}), #i2c.recv(2, 0x48, 8), i2c.read(2, 0, 2))
            print(spi.setup(spi.SPI_1, 0, 0, 8, 800000, 1), spi.send(spi.SPI_1, "\159\0\0"), spi.send_recv(spi.SPI_1, "\159\0"):byte(1, -1))
            print(adc.open(2), adc.read(2))
            print(pwm.open(1), pwm.set(1, 1000, 500))
            """);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["true\t0\t0\t", "1\t3\t255\t255", "true\t65535\t65535", "true\tnil"], lines);
        Assert.Contains("i2c.setup(2,100000,72)", calls);
        Assert.Contains("spi.send_recv(0,string)", calls);
        Assert.Contains("adc.read(2)", calls);
        Assert.Contains("pwm.set(1,1000,500)", calls);
    }

    [Fact]
    public void Storage_on_extra_pins_is_absent_and_core_modules_switch_on_as_recorded_no_ops()
    {
        using var project = new LuatTestProject();
        var (outcome, lines, calls) = RunRecorded(project, """
            print(io.mount(io.SDCARD), io.format(io.EXTERN_PINLCD, "/ext", 1024), io.unmount(io.SDCARD))
            print(rtos.init_module(rtos.MOD_KEYPAD, 0, 0x0F, 0x0F), rtos.MOD_ALARM ~= rtos.MOD_KEYPAD)
            """);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["false\tfalse\tfalse", "nil\ttrue"], lines);
        Assert.Contains("rtos.init_module(1,0,15,15)", calls);
        Assert.Contains("io.mount(0)", calls);
    }

    [Fact]
    public void A_pin_set_to_count_pulses_reads_as_counts_and_the_time_since_the_last_read()
    {
        // Luat's demo/gpio: setdir(pio.INT, pin, pio.CONT), then getval answers {low, high, duration in us}.
        var lines = LuaSnippet.Lines("""
            pio.pin.setdir(pio.INT, pio.P0_23, pio.CONT)
            local first = pio.pin.getval(pio.P0_23)
            print(type(first), first.low, first.high, type(first.duration), pio.pin.getval(pio.P0_19))
            """);
        Assert.Equal("table\t0\t0\tnumber\t0", Assert.Single(lines));
    }

    [Fact]
    public void Only_the_latest_thousand_hardware_calls_are_kept_for_a_script_that_blinks_forever()
    {
        using var project = new LuatTestProject();
        var (outcome, _, calls) = RunRecorded(project, "for i = 1, 1500 do pio.pin.setval(i % 2, pio.P0_4) end");

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(1000, calls.Count);
        Assert.Equal("pio.pin.setval(0,4)", calls[^1]);
        Assert.Equal("pio.pin.setval(1,4)", calls[0]); // call 501
    }

    private static (LuatRunOutcome Outcome, List<string> Lines) RunIn(LuatTestProject project, string code)
    {
        var (outcome, lines, _) = RunRecorded(project, code);
        return (outcome, lines);
    }

    private static (LuatRunOutcome Outcome, List<string> Lines, IReadOnlyList<string> Calls) RunRecorded(LuatTestProject project, string code)
    {
        using var loop = new Runtime.EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options());
        var outcome = runtime.RunString(code);
        return (outcome, project.Lines, runtime.Context.HardwareCalls.Calls.ToList());
    }
}
