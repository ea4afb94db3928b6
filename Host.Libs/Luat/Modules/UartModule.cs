using LuatHost.Luat.Binding;
using LuatHost.Luat.Loop;

namespace LuatHost.Luat.Modules;

/// <summary>
/// uart: the AT port (uart.ATC) belongs to ril and the host's AT engine, so setting it up is a
/// no-op; other ports are hardware the PC does not have and are recorded no-ops.
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
        lib.Constant("ATC", AtPort).Constant("USB", 129)
            .Constant("PAR_EVEN", 0).Constant("PAR_ODD", 1).Constant("PAR_NONE", 2)
            .Constant("STOP_1", 0).Constant("STOP_1_5", 1).Constant("STOP_2", 2)
            .Constant("NO_TIMEOUT", 0).Constant("INF_TIMEOUT", -1)
            .Constant("FLOW_NONE", 0).Constant("FLOW_HW", 1).Constant("FLOW_SW", 2)
            .Function("setup", lua =>
            {
                var id = lua.Integer(1, "uart.setup");
                var baud = lua.OptionalInteger(2, "uart.setup", 115200);
                if (id != AtPort) calls.Record($"uart.setup({id},{baud})");
                if (id != AtPort && lua.OptionalInteger(7, "uart.setup", 0) == 1) reportsTxDone.Add(id);
                else reportsTxDone.Remove(id);
                lua.PushInteger(baud);
                return 1;
            })
            .Function("write", lua =>
            {
                var id = lua.Integer(1, "uart.write");
                calls.Record($"uart.write({id})");
                // Delivered by rtos.receive after the writer yields, like the core's message.
                if (reportsTxDone.Contains(id)) context.Messages.Enqueue(RtosMessageIds.UartTxDone, id);
                return 0;
            })
            .Function("read", lua =>
            {
                lua.PushString("");
                return 1;
            })
            .Function("close", lua =>
            {
                var id = lua.Integer(1, "uart.close");
                calls.Record($"uart.close({id})");
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
}
