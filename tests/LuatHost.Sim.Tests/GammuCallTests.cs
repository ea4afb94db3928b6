using LuatHost.Sim.Module;
using LuatHost.Sim.Module.Serving;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>
/// Voice calls on the virtual module through Gammu's AT driver (a client nobody here wrote): it dials with
/// <c>ATD&lt;number&gt;;</c> and ends a call with its own choice of command, and answers a ringing call.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GammuCallTests
{
    [GammuFact]
    public async Task Gammu_dials_a_number_and_cancels_the_call()
    {
        await using var server = PtyModuleServer.Start(new ModuleOptions { CallAnswerDelay = TimeSpan.FromMinutes(1) });
        await server.Module.Booted;
        using var gammu = new Gammu(server.DevicePath);

        var (exit, output) = await gammu.RunAsync("dialvoice", "10086");
        Assert.True(exit == 0, $"gammu dialvoice exited {exit}: {output}\n{gammu.AtLog()}");
        Assert.Equal(["10086"], server.Module.Calls.Dialled);

        (exit, output) = await gammu.RunAsync("cancelcall");
        Assert.True(exit == 0, $"gammu cancelcall exited {exit}: {output}\n{gammu.AtLog()}");
        // The call is gone: the far end has nobody to hang up on.
        Assert.False(await server.Module.Calls.HangUpAsync(), gammu.AtLog());
    }

    [GammuFact]
    public async Task Gammu_answers_a_ringing_call()
    {
        await using var server = PtyModuleServer.Start(new ModuleOptions());
        await server.Module.Booted;
        using var gammu = new Gammu(server.DevicePath);
        Assert.True(await server.Module.Calls.RingAsync("+8613900000001"));

        var (exit, output) = await gammu.RunAsync("answercall");
        Assert.True(exit == 0, $"gammu answercall exited {exit}: {output}\n{gammu.AtLog()}");
        Assert.Contains("ATA", gammu.AtLog());
        Assert.True(await server.Module.Calls.HangUpAsync(), "the answered call should be up: " + gammu.AtLog());
    }
}
