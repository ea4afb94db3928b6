namespace LuatHost.Luat.Tests;

public sealed class PackBitTests
{
    [Fact]
    public void Bit_results_are_unsigned_32_bit()
    {
        Assert.Equal("4294967295\t4294967295\t0\t2147483648\t-1", LuaSnippet.Eval("bit.bnot(0), bit.bor(-1), bit.band(0xFF, 0x100), bit.lshift(1, 31), bit.arshift(0x80000000, 31)"));
    }

    [Fact]
    public void Bit_accepts_integral_floats_as_Luat_passes_them()
    {
        Assert.Equal("3\t8\ttrue\t5", LuaSnippet.Eval("bit.bor(1.0, 2), bit.lshift(1, 6/2), bit.isset(4, 2.0), bit.set(1, 2)"));
    }

    [Fact]
    public void Pack_uses_4_byte_int_and_long_like_ARM32()
    {
        Assert.Equal(["4\t4\t2\t00000001FFFFFFFE0102\t10"],
            LuaSnippet.Lines("require 'utils' print(#pack.pack('i', 1), #pack.pack('l', 1), #pack.pack('h', 1), pack.pack('>iIbb', 1, 4294967294, 1, 2):toHex())"));
    }

    [Fact]
    public void Pack_unpack_returns_next_position_then_values()
    {
        Assert.Equal("9\t48\tabc\t513", LuaSnippet.Eval("pack.unpack(pack.pack('>bPH', 48, 'abc', 513), '>bPH')"));
    }

    [Fact]
    public void Unpack_A_with_count_reads_that_many_bytes_and_stops_at_short_data()
    {
        Assert.Equal("4\tabc", LuaSnippet.Eval("pack.unpack('abcdef', 'A3')"));
        Assert.Equal("1", LuaSnippet.Eval("pack.unpack('ab', '>I')"));
    }

    [Fact]
    public void Pack_mqtt_connect_header_round_trips()
    {
        Assert.Equal("true", LuaSnippet.Eval("pack.pack('>PbbHPAAAA', 'MQTT', 4, 2, 60, 'id', '', '', '', '') == '\\0\\4MQTT\\4\\2\\0\\60\\0\\2id'"));
    }

    [Fact]
    public void Signed_codes_sign_extend()
    {
        Assert.Equal("4\t-1\t-2", LuaSnippet.Eval("pack.unpack('\\255\\254\\255', 'ch')"));
    }
}
