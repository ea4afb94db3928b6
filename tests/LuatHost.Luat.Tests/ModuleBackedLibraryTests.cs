using LuatHost.Sim.Module;

namespace LuatHost.Luat.Tests;

public sealed class ModuleBackedLibraryTests
{
    private const string Header = """
        PROJECT = "TEST"
        VERSION = "1.0.0"
        require "sys"

        """;

    [Fact]
    public async Task Misc_reads_imei_model_and_sn_from_the_virtual_module()
    {
        await using var link = new VirtualModuleLink(new ModuleOptions { Identity = new ModuleIdentity { Imei = "861234567890123", InitialSn = "SN0001" } });
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            require "misc"
            print("before", misc.getImei() == "")
            sys.taskInit(function()
              sys.waitUntil("IMEI_READY_IND", 10000)
              print("imei", misc.getImei())
              if misc.getModelType() == "" then sys.waitUntil("MODEL_NUMBER_READY_IND", 10000) end
              print("sn", misc.getSn(), "model", misc.getModelType())
              os.exit(0)
            end)
            sys.run()
            """, link.Device);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["before\ttrue", "imei\t861234567890123", "sn\tSN0001\tmodel\tAir724UG"], project.Lines);
    }

    [Fact]
    public async Task SetSn_stores_the_secret_in_the_module_and_calls_back()
    {
        var identity = new ModuleIdentity();
        await using var link = new VirtualModuleLink(new ModuleOptions { Identity = identity });
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            require "misc"
            sys.taskInit(function()
              sys.waitUntil("IMEI_READY_IND", 10000)
              misc.setSn("c85d8dd8d28fbf527b2a4a36a67b7541", function(ok) sys.publish("SN_SET", ok) end)
              print("set", sys.waitUntil("SN_SET", 10000))
              print("sn", misc.getSn())
              os.exit(0)
            end)
            sys.run()
            """, link.Device);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["set\ttrue\ttrue", "sn\tc85d8dd8d28fbf527b2a4a36a67b7541"], project.Lines);
        Assert.Equal("c85d8dd8d28fbf527b2a4a36a67b7541", identity.Sn);
    }

    [Fact]
    public async Task A_project_waits_for_IP_READY_IND_then_queries_CSQ_through_ril()
    {
        await using var link = new VirtualModuleLink(new ModuleOptions { SignalQuality = 23 });
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            require "net"
            require "link"
            require "sim"
            local seen = {}
            for _, id in ipairs({ "SIM_IND", "NET_STATE_REGISTERED", "GPRS_ATTACH" }) do
              sys.subscribe(id, function(...) seen[#seen + 1] = id end)
            end
            sys.taskInit(function()
              print("ready before", link.isReady())
              print("ip", sys.waitUntil("IP_READY_IND", 20000))
              print("seen", table.concat(seen, ","), link.isReady(), net.getState(), sim.getStatus())
              -- The serving cell from AT+CEREG=2 / AT+CEREG?, as text the way Luat's net gives it (lbsLoc matches
              -- getCellInfoExt with string.gmatch): lac and ci hexadecimal alone, decimal in the lists.
              print("cell", net.getLac(), net.getCi(), net.getCellInfo(), net.getCellInfoExt(), net.getCellInfoExt(true))
              ril.request("AT+CSQ", nil, function(cmd, success, response, intermediate)
                print("rsp", cmd, success, response, intermediate)
                os.exit(0)
              end)
            end)
            sys.run()
            """, link.Device);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal([
            "ready before\tfalse",
            "ip\ttrue",
            "seen\tSIM_IND,NET_STATE_REGISTERED,GPRS_ATTACH\ttrue\tREGISTERED\ttrue",
            "cell\t18be\t0b4f93e1\t6334.189764577.23;\t460.4.6334.189764577.23;\t460.4.6334.189764577.-67;",
            "rsp\tAT+CSQ\ttrue\tOK\t+CSQ: 23,99",
        ], project.Lines);
    }

    [Fact]
    public async Task Ril_request_with_a_delay_holds_the_queue_and_delayfunc_ends_the_pause()
    {
        // ril.lua (openLuat Luat_4G_RDA_8910, script_LuaTask/lib/ril.lua): a command with `delay` is sent
        // that long after it reaches the head of the queue, the commands behind it wait, and
        // ril.delayfunc() (the pause's timer callback) sends it at once.
        await using var link = new VirtualModuleLink();
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            require "ril"
            local function reply(cmd, success) print("rsp", cmd, success) sys.publish("RSP_" .. cmd) end
            sys.taskInit(function()
              ril.request("ATI", nil, function() sys.publish("MODULE_ANSWERS") end)
              sys.waitUntil("MODULE_ANSWERS", 20000) -- booted: the pauses below are the only waits
              ril.request("AT", nil, reply, 400)
              ril.request("AT+CSQ", nil, reply)
              sys.wait(100)
              print("100 ms later")
              sys.waitUntil("RSP_AT+CSQ", 20000)
              ril.request("AT+CGSN", nil, reply, 600000)
              ril.request("AT+CIMI", nil, function(cmd, success) print("rsp", cmd, success) os.exit(0) end)
              sys.wait(100)
              print("delayfunc")
              ril.delayfunc()
            end)
            sys.run()
            """, link.Device);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["100 ms later", "rsp\tAT\ttrue", "rsp\tAT+CSQ\ttrue", "delayfunc", "rsp\tAT+CGSN\ttrue", "rsp\tAT+CIMI\ttrue"], project.Lines);
    }

    [Fact]
    public async Task Link_shut_publishes_IP_ERROR_IND_and_the_bearer_comes_back()
    {
        await using var link = new VirtualModuleLink();
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            require "link"
            sys.taskInit(function()
              sys.waitUntil("IP_READY_IND", 20000)
              link.shut()
              print("error", sys.waitUntil("IP_ERROR_IND", 20000))
              print("ready again", sys.waitUntil("IP_READY_IND", 20000))
              os.exit(0)
            end)
            sys.run()
            """, link.Device);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["error\ttrue", "ready again\ttrue"], project.Lines);
    }

    [Fact]
    public async Task Flight_mode_drops_the_bearer_and_leaving_it_brings_IP_back()
    {
        await using var link = new VirtualModuleLink();
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            require "net"
            require "link"
            sys.taskInit(function()
              sys.waitUntil("IP_READY_IND", 20000)
              net.switchFly(true)
              print("fly", sys.waitUntil("FLYMODE", 20000))
              print("lost", sys.waitUntil("IP_ERROR_IND", 20000), link.isReady())
              net.switchFly(false)
              print("fly", sys.waitUntil("FLYMODE", 20000))
              print("back", sys.waitUntil("IP_READY_IND", 20000), link.isReady())
              os.exit(0)
            end)
            sys.run()
            """, link.Device);
        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Equal(["fly\ttrue\ttrue", "lost\ttrue\tfalse", "fly\ttrue\tfalse", "back\ttrue\ttrue"], project.Lines);
    }
}
