namespace LuatHost.Luat.Tests;

public sealed class DemoCoverageTests
{
    [Fact]
    public void Every_non_aLiYun_call_of_the_aLiYun_demo_exists_and_runs_without_a_module()
    {
        using var project = new LuatTestProject();
        project.File("testDemo.lua", """
            module(..., package.seeall)
            require "misc"
            require "pm"
            function otaCb(result, filePath)
              pm.wake("UART_SENT2MCU")
              uart.on(1, "sent", function() sys.publish("UART_SENT2MCU_OK") end)
              uart.setup(1, 115200, 8, uart.PAR_NONE, uart.STOP_1, nil, 1)
              uart.write(1, "data")
              uart.close(1)
              pm.sleep("UART_SENT2MCU")
              os.remove(filePath)
            end
            """);
        var result = project.Run("""
            PROJECT = "ALIYUN"
            VERSION = "2.0.0"
            require "log"
            LOG_LEVEL = log.LOGLEVEL_TRACE
            require "sys"
            require "net"
            net.startQueryAll(60000, 60000)
            ril.request("AT+RNDISCALL=0,1")
            require "netLed"
            pmd.ldoset(2, pmd.LDO_VLCD)
            netLed.setup(true, pio.P0_1, pio.P0_4)
            require "errDump"
            errDump.request("udp://ota.airm2m.com:9072")
            require "testDemo"
            io.open("/fw.bin", "wb"):close()
            testDemo.otaCb(true, "/fw.bin")
            print(pio.P0_1, pio.P0_4, pio.P2_0, type(misc.getImei()), type(misc.getSn()), type(misc.setSn), type(rtos.fota_start))
            sys.init(0, 0)
            sys.timerStart(os.exit, 20, 0)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("1\t4\t64\tstring\tstring\tfunction\tfunction", project.Lines);
        Assert.Contains(project.Lines, l => l.StartsWith("[I]-[poweron reason:]\t0\tALIYUN\t2.0.0\t2.4.0\tLuat_V", StringComparison.Ordinal));
        Assert.False(File.Exists(Path.Combine(project.DataDirectory, "fw.bin")));
    }

    [Fact]
    public void Uart_write_on_a_port_with_txDoneReport_calls_the_sent_callback()
    {
        // The otaCb loop of the aLiYun demo: write a chunk, wait for "sent", write the next.
        using var project = new LuatTestProject();
        var result = project.Run("""
            PROJECT = "UART"
            VERSION = "1.0.0"
            require "sys"
            uart.on(1, "sent", function(id) sys.publish("SENT_OK", id) end)
            uart.setup(1, 115200, 8, uart.PAR_NONE, uart.STOP_1, nil, 1)
            uart.setup(2, 115200, 8, uart.PAR_NONE, uart.STOP_1)
            uart.on(2, "sent", function(id) print("unexpected sent", id) end)
            sys.taskInit(function()
              for chunk = 1, 3 do
                uart.write(1, "chunk" .. chunk)
                uart.write(2, "no report")
                print(chunk, sys.waitUntil("SENT_OK", 5000))
              end
              uart.close(1)
              os.exit(0)
            end)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["1\ttrue\t1", "2\ttrue\t1", "3\ttrue\t1"], project.Lines);
    }

    [Fact]
    public void Nvm_keeps_parameters_in_the_device_file_system_and_publishes_changes()
    {
        using var project = new LuatTestProject();
        project.File("config.lua", "module(...)\nname = 'dev'\ncount = 1\n");
        var result = project.Run("""
            PROJECT = "NVM"
            VERSION = "1.0.0"
            require "sys"
            require "nvm"
            nvm.init("config.lua")
            sys.subscribe("PARA_CHANGED_IND", function(k, v, r) print("changed", k, v, r) os.exit(0) end)
            print(nvm.get("name"), nvm.get("count"))
            nvm.set("count", 2, "test")
            sys.run()
            """);
        Assert.True(result.ExitCode == 0, result.Error);
        // Luat's nvm prints its load trace and logs each set (lib/nvm.lua).
        Assert.Equal(["load fExist fBakExist\tnil\tnil", "load fResult\tnil", "load fBakResult\tnil", "dev\t1",
            "[I]-[nvm.set]\ttrue\tcount\t2\ttest\tnil", "changed\tcount\t2\ttest"], project.Lines);
        Assert.Contains("count = 2", File.ReadAllText(Path.Combine(project.DataDirectory, "nvm_para.lua")));
    }
}
