using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests;

/// <summary>
/// The cc library (the API of Luat's lib/cc.lua, as its demo/call uses it) through the real AT engine to the virtual
/// module's voice calls: the events Luat's library publishes from the module's call list (AT+CLCC, 27.007 §7.18) after
/// each call URC (CONNECT, NO CARRIER, BUSY, +CLIP).
/// </summary>
public sealed class LuatCcTests
{
    private const string Events = """
        sys.subscribe("CALL_INCOMING", function(num) print("incoming", num, cc.getState(num), cc.anyCallExist()) cc.accept(num) end)
        sys.subscribe("CALL_CONNECTED", function(num) print("connected", num, cc.getState(num)) sys.publish("UP", num) end)
        local disconnects = 0
        sys.subscribe("CALL_DISCONNECTED", function(reason)
          disconnects = disconnects + 1
          print("disconnected", reason, cc.anyCallExist())
          sys.publish("DOWN")
        end)

        """;

    [Fact]
    public async Task A_dialled_call_is_answered_then_hung_up_by_the_script()
    {
        await using var link = await ModemLink.StartAsync(new ModuleOptions { CallAnswerDelay = TimeSpan.FromMilliseconds(300) });
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("cc", Events + """
            print("dial", cc.dial("10086"), cc.getState("10086"), cc.dial(""))
            local _, num = sys.waitUntil("UP", 10000)
            cc.hangUp(num)
            print("hanging up", cc.getState(num))
            sys.waitUntil("DOWN", 10000)
            print("after", cc.getState(num))
            """, link);

        script.AssertPrinted("dial\ttrue\t2\tfalse", "connected\t10086\t0", "hanging up\t98", "disconnected\tCHUP\tfalse", "after\t99");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["10086"], link.Module.Calls.Dialled);
    }

    [Theory]
    [InlineData(CalledParty.Busy, "BUSY")]
    [InlineData(CalledParty.NoAnswer, "NO ANSWER")]
    public async Task A_busy_or_unanswered_call_ends_with_the_modules_reason(CalledParty party, string reason)
    {
        await using var link = await ModemLink.StartAsync(new ModuleOptions { CalledParty = party, CallAnswerDelay = TimeSpan.FromMilliseconds(300) });
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("cc", Events + """
            cc.dial("+8613900000001")
            sys.waitUntil("DOWN", 10000)
            """, link);

        script.AssertPrinted($"disconnected\t{reason}\tfalse");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task An_incoming_call_is_announced_answered_and_ended_by_the_caller_and_a_sockets_connect_ok_is_no_call_event()
    {
        await using var link = await ModemLink.StartAsync();
        using var script = new LuatScript();
        var run = script.RunTaskAsync("cc", Events + """
            print("ready")
            sys.waitUntil("UP", 20000)
            sys.waitUntil("DOWN", 20000)
            sys.wait(1000) -- a second CALL_DISCONNECTED would come in this time
            print("disconnects", disconnects)
            """, link);

        await WaitForLineAsync(script, "ready", run);
        Assert.True(await link.Module.Calls.RingAsync("+8613900000001"));
        await WaitForLineAsync(script, "connected\t+8613900000001\t0", run);
        // What the AT firmware's sockets print must not count as a call event (Luat's ril would hand it to cc).
        link.Module.Faults.InjectUrcBeforeNextReply("CONNECT OK");
        Assert.True(await link.Module.Calls.HangUpAsync());
        var result = await run;

        script.AssertPrinted("ready", "incoming\t+8613900000001\t4\ttrue", "connected\t+8613900000001\t0", "disconnected\tNO CARRIER\tfalse", "disconnects\t1");
        Assert.Equal(0, result.ExitCode);
    }

    private static async Task WaitForLineAsync(LuatScript script, string line, Task run)
    {
        for (var waited = 0; waited < 300; waited++)
        {
            lock (script.Lines)
            {
                if (script.Lines.Contains(line)) return;
            }
            if (run.IsCompleted) break;
            await Task.Delay(100);
        }
        Assert.Fail($"the script did not print '{line}':\n" + string.Join("\n", script.Lines));
    }
}
