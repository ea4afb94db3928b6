using KeraLua;
using LuatHost.Luat;
using LuatHost.Luat.Loop;
using LuatHost.Runtime;

namespace LuatHost.Luat.Tests;

/// <summary>
/// Lua functions the host keeps in the registry are freed by their owner on every path: a leak here grows with
/// every call a long-running script makes, so each test makes 10,000 and counts the registry before and after.
/// </summary>
public sealed class CallbackOwnershipTests
{
    private const int Calls = 10_000;

    [Fact]
    public void Publish_with_a_callback_and_no_module_keeps_no_registry_reference()
    {
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options());
        Succeed(runtime, "require 'aLiYun'");
        var before = RegistryReferences(runtime.Context.Lua);

        Succeed(runtime, $"for i = 1, {Calls} do aLiYun.publish('/a1/dn/user/update', 'x', 1, function() end, {{i}}) end");

        Assert.Equal(before, RegistryReferences(runtime.Context.Lua));
        Assert.Contains(project.Lines, l => l.Contains("aLiYun.publish: no module attached", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Publish_with_a_callback_that_throws_keeps_no_registry_reference()
    {
        await using var link = new VirtualModuleLink();
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options(), link.Device);
        Succeed(runtime, "require 'aLiYun'");
        var before = RegistryReferences(runtime.Context.Lua);

        // QoS 3 does not exist in MQTT: the client refuses it before anything is queued.
        Succeed(runtime, $$"""
            for i = 1, {{Calls}} do
              local ok, err = pcall(aLiYun.publish, '/a1/dn/user/update', 'x', 3, function() end, {i})
              assert(not ok and tostring(err):find('QoS 3', 1, true), tostring(err))
            end
            """);

        Assert.Equal(before, RegistryReferences(runtime.Context.Lua));
    }

    [Fact]
    public void Message_timers_keep_no_registry_reference_once_stopped_replaced_or_fired()
    {
        using var project = new LuatTestProject();
        using var loop = new EventLoop();
        using var runtime = new LuatRuntime(loop, project.Options());
        Succeed(runtime, "require 'sys'");
        var before = RegistryReferences(runtime.Context.Lua);

        // Every way a timer ends: stopped by id, by callback and args, by stopAll, replaced by a start with the same
        // callback and args, a one-shot that fired, a loop timer that stopped itself from its callback.
        var outcome = runtime.RunString($$"""
            local n, running = {{Calls}}, {}
            for i = 1, n do
              local id = sys.timerStart(function() end, 60000, { i }, "s" .. i)
              if i % 4 == 0 then sys.timerStop(id) else running[#running + 1] = id end
            end
            for i = 1, n do
              local cb = function() end
              sys.timerStart(cb, 60000, { i })
              sys.timerStart(cb, 60000, "x", i)
              sys.timerStart(cb, 60000, "x", i) -- replaces the one before
              sys.timerStop(cb, "x", i)
              sys.timerStopAll(cb)
            end
            local fired, loops = 0, 0
            for i = 1, 200 do sys.timerStart(function(t) fired = fired + 1 end, 5, { i }) end
            local id
            id = sys.timerLoopStart(function(t) loops = loops + 1 if loops == 3 then sys.timerStop(id) end end, 5, {})
            sys.taskInit(function()
              while fired < 200 or loops < 3 do sys.wait(10) end
              for _, id in ipairs(running) do sys.timerStop(id) end
              os.exit(0)
            end)
            sys.run()
            """);
        Assert.True(outcome.End == LuatRunEnd.Exit, outcome.Error);
        Assert.Equal(before, RegistryReferences(runtime.Context.Lua));
    }

    private static void Succeed(LuatRuntime runtime, string code)
    {
        var outcome = runtime.RunString(code);
        Assert.True(outcome.Succeeded, outcome.Error);
    }

    // luaL_unref leaves an integer (the free-list link) in a freed slot: live references are the non-number values.
    private static int RegistryReferences(KeraLua.Lua lua)
    {
        var count = 0;
        lua.PushNil();
        while (lua.Next((int)LuaRegistry.Index))
        {
            if (lua.Type(-1) != LuaType.Number) count++;
            lua.Pop(1);
        }
        return count;
    }
}
