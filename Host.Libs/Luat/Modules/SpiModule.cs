using LuatHost.Luat.Binding;

namespace LuatHost.Luat.Modules;

/// <summary>
/// spi: the module's SPI bus, which no AT command reaches. As on a module with nothing wired to it: setup
/// succeeds (1), a send reports its bytes clocked out, and every byte clocked in reads 0xFF. No Luat source shows
/// what an empty bus reads; 0xFF, an idle MISO line with a pull-up, is the likely value (a flash driver then sees no
/// chip: an ID of FF FF FF).
/// </summary>
public static class SpiModule
{
    public static LuatLibrary Library { get; } = new("spi", LuatLibraryKind.CoreGlobal, Register);

    private static void Register(LuatLibraryBuilder lib)
    {
        lib.Constant("SPI_1", 0).Constant("SPI_2", 1)
            .Recorded("setup", lua =>
            {
                lua.PushInteger(1);
                return 1;
            })
            .Recorded("send", lua =>
            {
                lua.PushInteger(lua.IsString(2) ? LuaArgs.Bytes(lua, 2, "spi.send").Length : 0);
                return 1;
            })
            .Recorded("recv", lua => IdleLine(lua, lua.IsNumber(2) ? (int)lua.ToNumber(2) : 0))
            .Recorded("send_recv", lua => IdleLine(lua, lua.IsString(2) ? LuaArgs.Bytes(lua, 2, "spi.send_recv").Length : 0))
            .Recorded("close");
    }

    private static int IdleLine(KeraLua.Lua lua, int count)
    {
        var bytes = new byte[Math.Clamp(count, 0, 64 * 1024)];
        Array.Fill(bytes, (byte)0xFF);
        lua.PushBuffer(bytes);
        return 1;
    }
}
