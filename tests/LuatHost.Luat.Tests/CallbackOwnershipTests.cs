using KeraLua;
using LuatHost.Luat;
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
