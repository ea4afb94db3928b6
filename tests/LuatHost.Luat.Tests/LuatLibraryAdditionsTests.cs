namespace LuatHost.Luat.Tests;

/// <summary>rtos/misc/net/sim calls added for issue 12, with the shapes Luat's libraries give.</summary>
public sealed class LuatLibraryAdditionsTests
{
    private const string Header = LuatProjectHeader.Sys;

    [Fact]
    public void Sim_setId_keeps_the_slot_and_calls_back_with_success()
    {
        using var project = new LuatTestProject();
        var result = project.Run(Header + """
            require "sim"
            sim.setId(1, function(ok) print("setId", ok, sim.getId()) os.exit(0) end)
            print("asked")
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["asked", "setId\ttrue\t1"], project.Lines);
    }

    [Fact]
    public void Rtos_additions_exist_with_their_return_shapes()
    {
        using var project = new LuatTestProject();
        project.File("a/x.txt", "x");
        var result = project.Run("""
            print(type(rtos.openSoftDog), type(rtos.eatSoftDog), type(rtos.closeSoftDog))
            rtos.openSoftDog(60000)
            print(#rtos.toint64("1"), rtos.toint64("258"):byte(1, 2))
            print(type(rtos.get_env_usage()), rtos.get_hardware())
            print(rtos.rename_dir("/lua/a", "/lua/b"), io.open("/lua/b/x.txt") ~= nil, rtos.rename_dir("/lua/a", "/lua/c"))
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["function\tfunction\tfunction", "8\t2\t1", "number\tAIR724UG", "true\ttrue\tfalse"], project.Lines);
    }

    [Fact]
    public void Misc_setTimeReport_and_net_getCell_exist()
    {
        Assert.Equal("function\tfunction\tfunction\tstring",
            Assert.Single(LuaSnippet.Lines("""
                require "misc"
                require "net"
                print(type(misc.setTimeReport), type(net.getCell), type(net.UpdNetMode), type(net.getCell()))
                """)));
    }

    [Fact]
    public void Nvm_upd_fills_missing_parameters_or_overrides_them_all_from_the_defaults()
    {
        using var project = new LuatTestProject();
        project.File("config.lua", "module(...)\nname = \"Luat\"\nage = 12\n");
        var result = project.Run(Header + """
            require "nvm"
            nvm.init("config.lua")
            nvm.set("name", "changed")
            nvm.para.age = nil
            nvm.upd()
            print(nvm.get("name"), nvm.get("age"))
            nvm.upd(true)
            print(nvm.get("name"), nvm.get("age"))
            os.exit(0)
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["changed\t12", "Luat\t12"], project.Lines.Where(l => !l.StartsWith('[') && !l.StartsWith("load ", StringComparison.Ordinal)).ToList());
    }

    [Fact]
    public void Console_setup_is_a_recorded_no_op_that_lets_the_project_go_on()
    {
        // A project that opens Luat's uart console (demo/console: require "console"; console.setup(1, 115200))
        // runs on the PC; the prompt itself is `luathost repl`.
        using var project = new LuatTestProject();
        using var loop = new Runtime.EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options());
        var outcome = runtime.RunString("""
            require "console"
            print(console.setup(1, 115200))
            print("after")
            """);
        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(["nil", "after"], project.Lines);
        Assert.StartsWith("console.setup", Assert.Single(runtime.Context.HardwareCalls.Calls));
    }
}
