using LuatHost.Luat.Binding;
using LuatHost.Luat.Loop;
using LuatHost.Runtime;

namespace LuatHost.Luat.Modules;

/// <summary>
/// uart: the AT port (uart.ATC) belongs to ril and the host's AT engine, so setting it up is a
/// no-op. A UART wired to a port of the PC (<see cref="LuatRunOptions.Uarts"/>) reads and writes
/// that port; the others are hardware the PC does not have and are recorded no-ops.
/// `uart.on` is defined by clib.lua, as on the device. A port set up with txDoneReport (7th
/// argument) gets MSG_UART_TX_DONE after each write, as the core sends it once the bytes have left:
/// scripts wait for that "sent" callback before writing the next chunk (the aLiYun OTA demo's otaCb).
/// </summary>
public static class UartModule
{
    public const long AtPort = 5;

    public static LuatLibrary Library { get; } = new("uart", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        var context = lib.Context;
        var calls = context.HardwareCalls;
        var reportsTxDone = new HashSet<long>();
        var wired = new Dictionary<long, (Device.UartPort Port, IDisposable Attached)>();
        context.Track(new DisposeAction(() =>
        {
            foreach (var (_, attached) in wired.Values) attached.Dispose();
            wired.Clear();
        }));
        lib.Constant("ATC", AtPort).Constant("USB", 129)
            .Constant("PAR_EVEN", 0).Constant("PAR_ODD", 1).Constant("PAR_NONE", 2)
            .Constant("STOP_1", 0).Constant("STOP_1_5", 1).Constant("STOP_2", 2)
            .Constant("NO_TIMEOUT", 0).Constant("INF_TIMEOUT", -1)
            .Constant("FLOW_NONE", 0).Constant("FLOW_HW", 1).Constant("FLOW_SW", 2)
            .Function("setup", lua =>
            {
                var id = lua.Integer(1, "uart.setup");
                var baud = lua.OptionalInteger(2, "uart.setup", 115200);
                if (id != AtPort && lua.OptionalInteger(7, "uart.setup", 0) == 1) reportsTxDone.Add(id);
                else reportsTxDone.Remove(id);
                if (context.Options.Uarts.TryGetValue(id, out var port))
                {
                    if (wired.Remove(id, out var previous)) previous.Attached.Dispose();
                    // From the port's reader thread to rtos.receive, as the core's interrupt message.
                    wired[id] = (port, port.Attach(() => context.Loop.Post(() => context.Messages.Enqueue(RtosMessageIds.UartRxData, id))));
                }
                else if (id != AtPort)
                {
                    calls.Record($"uart.setup({id},{baud})");
                }
                lua.PushInteger(baud);
                return 1;
            })
            .Function("write", lua =>
            {
                var id = lua.Integer(1, "uart.write");
                if (wired.TryGetValue(id, out var link))
                {
                    var queued = link.Port.Write(WriteArguments(lua), reportsTxDone.Contains(id)
                        ? () => context.Loop.Post(() => context.Messages.Enqueue(RtosMessageIds.UartTxDone, id))
                        : null);
                    if (!queued && link.Port.Failure is { } failure) throw new LuatArgumentException($"uart.write: {failure}");
                    if (!queued)
                        throw new LuatArgumentException($"uart.write: a megabyte already waits to go out on {link.Port.Name}; wait for the \"sent\" callback (uart.setup with txDoneReport 1) before writing more");
                    return 0;
                }
                calls.Record($"uart.write({id})");
                // Delivered by rtos.receive after the writer yields, like the core's message.
                if (reportsTxDone.Contains(id)) context.Messages.Enqueue(RtosMessageIds.UartTxDone, id);
                return 0;
            })
            .Function("read", lua =>
            {
                var id = lua.Integer(1, "uart.read");
                if (!wired.TryGetValue(id, out var link))
                {
                    lua.PushString("");
                    return 1;
                }
                // "*l": a line (or what waits); a number: that many bytes at most; anything else: all that waits.
                // A timeout (3rd argument) is not waited for: blocking here would stop the whole event loop, and Luat's
                // demos read from the receive callback, where the bytes are already there.
                var line = lua.IsString(2) && !lua.IsNumber(2) && lua.Text(2, "uart.read") == "*l";
                var asked = lua.IsNumber(2) ? lua.ToNumber(2) : double.PositiveInfinity;
                var count = double.IsNaN(asked) ? 0 : (int)Math.Clamp(asked, 0, int.MaxValue);
                lua.PushBytes(link.Port.Take(count, line));
                return 1;
            })
            .Function("close", lua =>
            {
                var id = lua.Integer(1, "uart.close");
                if (wired.Remove(id, out var link)) link.Attached.Dispose();
                else calls.Record($"uart.close({id})");
                reportsTxDone.Remove(id);
                return 0;
            });
        foreach (var name in new[] { "set_rs485_oe", "config", "set_buffer", "set_flow_control" })
        {
            var qualified = "uart." + name;
            lib.Function(name, _ =>
            {
                calls.Record(qualified);
                return 0;
            });
        }
        lib.Function("getchar", lua =>
        {
            lua.PushString("");
            return 1;
        });
    }

    // uart.write(id, data, …): strings as they are, a number as one byte (eLua's uart.write).
    private static byte[] WriteArguments(KeraLua.Lua lua)
    {
        using var bytes = new MemoryStream();
        for (var i = 2; i <= lua.GetTop(); i++)
        {
            if (lua.Type(i) == KeraLua.LuaType.Number) bytes.WriteByte((byte)(long)lua.ToNumber(i));
            else bytes.Write(lua.Bytes(i, "uart.write"));
        }
        return bytes.ToArray();
    }
}
