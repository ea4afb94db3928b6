using LuatHost.Net.Tests.Support;

namespace LuatHost.Net.Tests;

/// <summary>The pb library (the API of Luat's lib/pb.lua, as its demo/pb uses it) on the virtual module's SIM phonebook.</summary>
public sealed class LuatPbTests
{
    [Fact]
    public async Task Luats_demo_flow_deletes_writes_and_reads_an_entry_an_empty_one_reads_as_blank_and_errors_come_back_as_false()
    {
        await using var link = await ModemLink.StartAsync();
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("pb", """
            local function step(name) return function(...) print(name, ...) sys.publish("PB_STEP") end end
            sys.subscribe("PB_READ_CNF", function(...) print("PB_READ_CNF", ...) end)
            pb.setStorage("SM", step("storage")) sys.waitUntil("PB_STEP")
            pb.delete(1, step("delete")) sys.waitUntil("PB_STEP")
            print("write", pb.write(1, "name1", "11111111111", step("written"))) sys.waitUntil("PB_STEP")
            pb.read(1, step("read")) sys.waitUntil("PB_STEP")
            pb.write(2, "Ro b", "+8613356673796", step("written")) sys.waitUntil("PB_STEP")
            pb.read(2, step("read")) sys.waitUntil("PB_STEP")
            pb.read(3, step("empty")) sys.waitUntil("PB_STEP")
            pb.write(4, "far too long a name", "1", step("long name")) sys.waitUntil("PB_STEP")
            pb.write(251, "x", "1", step("past the end")) sys.waitUntil("PB_STEP")
            print("no index", pb.read(nil), pb.write(1, nil, "1"), pb.delete(""))
            """, link);

        script.AssertPrinted(
            "storage\ttrue",
            "delete\ttrue",
            "write\ttrue",
            "written\ttrue",
            // The message is queued (sys.publish), so its subscriber runs after the callback, as in Luat.
            "read\ttrue\tname1\t11111111111",
            "PB_READ_CNF\ttrue\t1\t11111111111\tname1",
            "written\ttrue",
            "read\ttrue\tRo b\t+8613356673796",
            "PB_READ_CNF\ttrue\t2\t+8613356673796\tRo b",
            "empty\ttrue\t\t",
            "PB_READ_CNF\ttrue\t3\t\t",
            "long name\tfalse",
            "past the end\tfalse",
            "no index\tfalse\tfalse\tfalse");
        Assert.Equal(0, result.ExitCode);
        var listed = await link.Engine.ExecuteAsync("AT+CPBR=1,250");
        Assert.Equal(["+CPBR: 1,\"11111111111\",129,\"name1\"", "+CPBR: 2,\"+8613356673796\",129,\"Ro b\""], listed.Lines.Select(l => l.Text));
    }
}
