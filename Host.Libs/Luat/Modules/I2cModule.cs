using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// i2c: the module's I2C buses, which no AT command reaches, so the PC has no bus to drive. A script still loads
/// and runs as on a module with nothing wired to the bus: setup opens it (returns the speed, which Luat's
/// demos compare with i2c.SLOW), writes are not acknowledged (0 bytes) and reads return nothing ("").
/// Speeds as Air724UG's I2C guide states them: FAST 400 kHz, SLOW 100 kHz. No Luat source shows what an unanswered
/// transfer returns; 0 bytes and "" are the likely values (no ACK, nothing clocked in).
/// </summary>
public static class I2cModule
{
    public static LuatLibrary Library { get; } = new("i2c", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        lib.Constant("FAST", 400_000).Constant("SLOW", 100_000)
            .Recorded("setup", lua =>
            {
                lua.PushInteger(lua.IsNumber(2) ? (long)lua.ToNumber(2) : 100_000);
                return 1;
            })
            .Recorded("send", NothingAcknowledged)
            .Recorded("write", NothingAcknowledged)
            .Recorded("recv", NothingAnswered)
            .Recorded("read", NothingAnswered)
            .Recorded("close")
            .Recorded("set_id_dup");
    }

    private static int NothingAcknowledged(KeraLua.Lua lua)
    {
        lua.PushInteger(0);
        return 1;
    }

    private static int NothingAnswered(KeraLua.Lua lua)
    {
        lua.PushString("");
        return 1;
    }
}
