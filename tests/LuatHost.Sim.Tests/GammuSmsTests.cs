using LuatHost.Sim.Module;
using LuatHost.Sim.Module.Serving;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>
/// The virtual module's short messages through a client nobody here wrote: Gammu's AT driver on the module's pty, as
/// it would drive a real modem (it probes the module, sets PDU mode, reads the service centre, lists the SIM store).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GammuSmsTests
{
    [GammuFact]
    public async Task Gammu_sends_a_text_and_the_network_gets_it()
    {
        await using var server = PtyModuleServer.Start(new ModuleOptions());
        await server.Module.Booted;
        using var gammu = new Gammu(server.DevicePath);
        var (exit, output) = await gammu.RunAsync("sendsms", "TEXT", "+8613356673796", "-text", "hello from gammu");
        Assert.True(exit == 0, $"gammu sendsms exited {exit}: {output}\n{gammu.AtLog()}");
        var sent = Assert.Single(server.Module.Sms.Sent);
        Assert.Equal(("+8613356673796", "hello from gammu"), (sent.Destination, sent.Text));

        (exit, output) = await gammu.RunAsync("sendsms", "TEXT", "+8613356673796", "-unicode", "-text", "你好，模块");
        Assert.True(exit == 0, $"gammu sendsms -unicode exited {exit}: {output}\n{gammu.AtLog()}");
        Assert.Equal("你好，模块", server.Module.Sms.Sent[^1].Text);
    }

    [GammuFact]
    public async Task Gammu_reads_delivered_messages_and_joins_a_long_one()
    {
        await using var server = PtyModuleServer.Start(new ModuleOptions());
        await server.Module.Booted;
        var longText = string.Concat(Enumerable.Repeat("长短信分段测试。", 12)); // 96 characters: two UCS2 parts
        await server.Module.Sms.DeliverAsync("+8613900000001", "short one", new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(8)));
        Assert.Equal(2, (await server.Module.Sms.DeliverAsync("+8613900000002", longText)).Count);
        using var gammu = new Gammu(server.DevicePath);
        var (exit, output) = await gammu.RunAsync("geteachsms");
        Assert.True(exit == 0, $"gammu geteachsms exited {exit}: {output}\n{gammu.AtLog()}");
        Assert.Contains("\"+8613900000001\"", output);
        Assert.Contains("short one", output);
        Assert.Contains(longText, output);
        Assert.Contains("3 SMS parts in 2 SMS sequences", output);
    }
}
