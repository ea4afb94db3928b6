using LuatHost.Runtime;

namespace LuatHost.Luat.Tests;

public sealed class BoundaryTests
{
    [Fact]
    public void Host_calls_from_a_coroutine_survive_dotnet_garbage_collections()
    {
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options());
        Assert.True(runtime.RunString("co = coroutine.wrap(function() while true do bit.band(1, 3) coroutine.yield() end end) co()").Succeeded);
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var outcome = runtime.RunString("for i = 1, 200 do co() end print('ok')");
            Assert.True(outcome.Succeeded, outcome.Error);
        }
        Assert.Equal(["ok", "ok", "ok"], project.Lines);
    }

    [Fact]
    public void Many_short_tasks_calling_the_host_run_to_completion()
    {
        using var project = new LuatTestProject();
        var result = project.Run("""
            PROJECT = "T" VERSION = "1.0.0"
            require "sys"
            local done = 0
            for i = 1, 300 do
              sys.taskInit(function() sys.wait(5) done = done + bit.band(i, 1) end)
            end
            sys.timerStart(function() print(done) os.exit(0) end, 300)
            sys.run()
            """);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["150"], project.Lines);
    }
}
