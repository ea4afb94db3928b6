using LuatHost.Sim.Module;
using LuatHost.Sim.Module.Serving;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>
/// The virtual module's SIM phonebook through Gammu's AT driver, which writes and reads names in the UCS2 character set
/// (<c>AT+CSCS="UCS2"</c>, four hex digits a character) and finds free entries itself.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class GammuPhonebookTests
{
    [GammuFact]
    public async Task Gammu_adds_a_contact_with_a_chinese_name_reads_it_back_and_deletes_it()
    {
        await using var server = PtyModuleServer.Start(new ModuleOptions());
        await server.Module.Booted;
        using var gammu = new Gammu(server.DevicePath);
        var card = Path.Combine(Path.GetTempPath(), $"luathost-{Guid.NewGuid():N}.vcf");
        await File.WriteAllTextAsync(card, "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8:张三\r\nTEL:+8613356673796\r\nEND:VCARD\r\n");
        try
        {
            var (exit, output) = await gammu.RunAsync("addnew", card, "-yes", "-memory", "SM");
            Assert.True(exit == 0, $"gammu addnew exited {exit}: {output}\n{gammu.AtLog()}");
            (exit, output) = await gammu.RunAsync("getmemory", "SM", "1", "2");
            Assert.True(exit == 0, $"gammu getmemory exited {exit}: {output}\n{gammu.AtLog()}");
            Assert.Contains("\"+8613356673796\"", output);
            Assert.Contains("\"张三\"", output);
            Assert.Contains("1 entries empty, 1 entries filled", output);
            Assert.Contains("+CPBR: 1,\"+8613356673796\",145,\"5F204E09\"", gammu.AtLog());

            (exit, output) = await gammu.RunAsync("deletememory", "SM", "1");
            Assert.True(exit == 0, $"gammu deletememory exited {exit}: {output}\n{gammu.AtLog()}");
            (exit, output) = await gammu.RunAsync("getmemory", "SM", "1");
            Assert.Contains("Empty entry", output);
        }
        finally
        {
            File.Delete(card);
        }
    }
}
