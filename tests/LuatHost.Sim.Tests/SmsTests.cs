using LuatHost.Sim.Module;
using LuatHost.Sim.Module.Sms;
using LuatHost.Sim.Tests.Infrastructure;

namespace LuatHost.Sim.Tests;

/// <summary>
/// Short messages on the virtual module. The PDUs are real ones captured from modems on public networks, not made
/// here: a session with a Chinese operator (blog.csdn.net/xwchen, "VB 使用COM串口驱动GSM模块收发短信测试用例"), a
/// Telit AT reference example (UC864 AT Commands Reference Guide, +CMGS), and a +CMGL listing in the Device::Gsm Perl
/// module's contrib/pdu.txt.
/// </summary>
public sealed class SmsTests
{
    // xwchen: "AT+CMGS=36 > 0011000B91…0021" sent "I Love you!" in UCS2 and got "+CMGS: 181".
    private const string RealSubmitUcs2 = "0011000B913153663797F60008001600490020004C006F0076006500200079006F00750021";
    // "1" in GSM 7-bit to the same number, relative validity 4 days (the xwchen exchange's shape, 7-bit coding).
    private const string SubmitGsm7 = "0011000B913153663797F60000AA0131";
    // xwchen: "+CMGR: 0,,24" for "中国1A" from 071188 (a national number), and "+CMGR: …,26" for "测试1".
    private const string RealDeliverUcs2 = "0891683108502405F02406A1701188000860808051927100084E2D56FD00310041";
    private const string RealDeliverFromMobile = "0891683108502405F0240D91683153663797F6000860808051845100066D4B8BD50031";
    // xwchen: "1" in GSM 7-bit from the same mobile ("长度21").
    private const string RealDeliverGsm7 = "0891683108502405F0240D91683153663797F60000608080511425000131";
    // Device::Gsm contrib/pdu.txt, "+CMGL: 2,1,,31".
    private const string RealDeliverListed = "0791932350593900040C919323988277190000208082319082000DC170382C168BC3E1B0582C06";

    [Theory]
    [InlineData(RealSubmitUcs2, "+13356673796", "I Love you!", 36)]
    [InlineData(SubmitGsm7, "+13356673796", "1", 15)]
    public void Real_submit_pdus_decode_to_their_destination_and_text(string hex, string destination, string text, int tpduLength)
    {
        var pdu = Convert.FromHexString(hex);
        var (to, userData) = SmsPdu.DecodeSubmit(pdu);
        Assert.Equal(destination, to);
        Assert.Equal(text, userData.Text);
        Assert.Equal(tpduLength, SmsPdu.TpduLength(pdu));
    }

    [Theory]
    [InlineData(RealDeliverUcs2, "+8613800542500", "071188", "中国1A", "2006-08-08T15:29:17+00:00")]
    [InlineData(RealDeliverFromMobile, "+8613800542500", "+8613356673796", "测试1", "2006-08-08T15:48:15+00:00")]
    [InlineData(RealDeliverGsm7, "+8613800542500", "+8613356673796", "1", "2006-08-08T15:41:52+00:00")]
    [InlineData(RealDeliverListed, "+393205959300", "+393289287791", "Aaaabbbaaabbb", "2002-08-28T13:09:28+00:00")]
    public void Real_deliver_pdus_decode_to_sender_time_and_text(string hex, string centre, string from, string text, string time)
    {
        var message = SmsPdu.DecodeDeliver(Convert.FromHexString(hex));
        Assert.Equal(centre, message.ServiceCentre);
        Assert.Equal(from, message.Originator);
        Assert.Equal(text, message.Text);
        Assert.Equal(DateTimeOffset.Parse(time), message.Timestamp);
    }

    [Theory]
    [InlineData(RealDeliverFromMobile)]
    [InlineData(RealDeliverGsm7)]
    public void A_message_the_module_builds_is_the_real_pdu_byte_for_byte_but_the_status_report_flag(string hex)
    {
        var real = Convert.FromHexString(hex);
        var decoded = SmsPdu.DecodeDeliver(real);
        // Rebuilt from the text alone, as DeliverAsync does, not from the captured user-data bytes.
        var rebuilt = SmsPdu.EncodeDeliver(decoded with { UserData = Assert.Single(SmsUserData.ForText(decoded.Text, 0)) });
        // The captured first octets are 0x24: TP-SRI (a status report was asked for) is the service centre's to set.
        var firstOctet = 1 + real[0];
        Assert.Equal(0x24, real[firstOctet]);
        real[firstOctet] &= 0xDF;
        Assert.Equal(Convert.ToHexString(real), Convert.ToHexString(rebuilt));
    }

    [Fact]
    // Telit's +CMGS example carries "test" as F4F29C0E (its PDU's address length is misprinted, so only the text is used).
    public void Gsm_7_bit_packing_gives_the_telit_examples_octets_and_extension_characters_take_two_septets()
    {
        Assert.True(GsmAlphabet.TryEncode("test", out var septets));
        Assert.Equal("F4F29C0E", Convert.ToHexString(GsmAlphabet.Pack(septets)));
        Assert.True(GsmAlphabet.TryEncode("a€[b]", out var extended));
        Assert.Equal(7 + 1, extended.Length);
        Assert.Equal("a€[b]", GsmAlphabet.Decode(GsmAlphabet.Unpack(GsmAlphabet.Pack(extended), extended.Length)));
        Assert.False(GsmAlphabet.TryEncode("中", out _));
    }

    [Fact]
    public void Long_texts_split_into_concatenated_parts_that_keep_surrogate_pairs_and_escapes_whole()
    {
        var chinese = string.Concat(Enumerable.Repeat("短信测试😀", 30)); // 180 UTF-16 units with surrogate pairs
        var parts = SmsUserData.ForText(chinese, 7);
        Assert.Equal(3, parts.Count);
        Assert.All(parts, p => Assert.True(p.Bytes.Length <= 140));
        Assert.Equal(chinese, string.Concat(parts.Select(p => p.Text)));
        Assert.Equal([1, 2, 3], parts.Select(p => p.Concatenation!.Value.Sequence));
        Assert.All(parts, p => Assert.Equal((7, 3), (p.Concatenation!.Value.Reference, p.Concatenation.Value.Total)));

        var latin = new string('x', 152) + "€" + new string('y', 100); // the escape pair would straddle septet 153
        var gsm = SmsUserData.ForText(latin, 1);
        Assert.Equal(2, gsm.Count);
        Assert.Equal(latin, string.Concat(gsm.Select(p => p.Text)));
        Assert.All(gsm, p => Assert.True(p.Bytes.Length <= 140));
    }

    [Fact]
    public async Task Cmgs_takes_a_real_pdu_after_the_prompt_and_answers_with_a_message_reference()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("AT+CMGF=0", "AT+CMGF=0\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CMGS=36", "AT+CMGS=36\r\r\n> ");
        await wire.SendAsync(RealSubmitUcs2 + "\u001a");
        await wire.ExpectAsync("\r\n+CMGS: 0\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CMGS=15", "AT+CMGS=15\r\r\n> ");
        await wire.SendAsync(SubmitGsm7 + "\u001a");
        await wire.ExpectAsync("\r\n+CMGS: 1\r\n\r\nOK\r\n");
        Assert.Equal([("+13356673796", "I Love you!"), ("+13356673796", "1")], wire.Module.Sms.Sent.Select(s => (s.Destination, s.Text)));
    }

    [Fact]
    public async Task Cmgs_refuses_a_length_that_does_not_match_text_mode_and_sending_without_service()
    {
        await using var wire = await ModuleWire.StartAsync();
        await wire.ExchangeAsync("AT+CMGS=35", "AT+CMGS=35\r\r\n> ");
        await wire.SendAsync(RealSubmitUcs2 + "\u001a");
        await wire.ExpectAsync("\r\n+CMS ERROR: 304\r\n");
        await wire.ExchangeAsync("AT+CMGS=20", "AT+CMGS=20\r\r\n> ");
        await wire.SendAsync("NOT HEX AT ALL\u001a");
        await wire.ExpectAsync("\r\n+CMS ERROR: 304\r\n");
        await wire.ExchangeAsync("AT+CMGF=1", "AT+CMGF=1\r\r\n+CMS ERROR: 303\r\n");
        await wire.ExchangeAsync("AT+CMGR=9", "AT+CMGR=9\r\r\n+CMS ERROR: 321\r\n");
        await wire.Module.Faults.LoseCoverageAsync();
        await wire.ExpectAsync("\r\n^MODE: 0,0\r\n\r\n+NO Service\r\n\r\n+CGEV: NW PDN DEACT 1\r\n\r\n+CGEV: ME DETACH\r\n");
        await wire.ExchangeAsync("AT+CMGS=36", "AT+CMGS=36\r\r\n> ");
        await wire.SendAsync(RealSubmitUcs2 + "\u001a");
        await wire.ExpectAsync("\r\n+CMS ERROR: 331\r\n");
        Assert.Empty(wire.Module.Sms.Sent);
    }

    [Fact]
    public async Task A_delivered_message_is_announced_read_listed_and_deleted_as_27_005_says()
    {
        await using var wire = await ModuleWire.StartAsync();
        var time = new DateTimeOffset(2026, 12, 2, 9, 30, 5, TimeSpan.FromHours(8));
        var slots = await wire.Module.Sms.DeliverAsync("+8613356673796", "测试1", time);
        Assert.Equal([1], slots);
        await wire.ExpectAsync("\r\n+CMTI: \"SM\",1\r\n");
        // The same message a Chinese operator delivered (RealDeliverFromMobile), with our centre, time and TP-SRI clear.
        const string expected = "0891683108100005F0" + "04" + "0D91683153663797F6" + "0008" + "62212090035023" + "06" + "6D4B8BD50031";
        await wire.ExchangeAsync("AT+CMGR=1", $"AT+CMGR=1\r\r\n+CMGR: 0,,26\r\n{expected}\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CMGR=1", $"AT+CMGR=1\r\r\n+CMGR: 1,,26\r\n{expected}\r\n\r\nOK\r\n");
        await wire.Module.Sms.DeliverAsync("071188", "中国1A", new DateTimeOffset(2006, 8, 8, 15, 29, 17, TimeSpan.Zero));
        await wire.ExpectAsync("\r\n+CMTI: \"SM\",2\r\n");
        await wire.ExchangeAsync("AT+CPMS?", "AT+CPMS?\r\r\n+CPMS: \"SM\",2,50,\"SM\",2,50,\"SM\",2,50\r\n\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CMGL=0", "AT+CMGL=0\r\r\n+CMGL: 2,0,,24\r\n" + "0891683108100005F0" + RealDeliverUcs2[18..].Replace("2406A1", "040681") + "\r\n\r\nOK\r\n");
        // RealDeliverUcs2's message made by the module: TP-SRI clear, our centre, the national number typed "unknown" (0x81).
        // Luat's sms library clears read and sent messages at start-up (AT+CMGD=1,3): both are read now.
        await wire.ExchangeAsync("AT+CMGD=1,3", "AT+CMGD=1,3\r\r\nOK\r\n");
        await wire.ExchangeAsync("AT+CMGL=4", "AT+CMGL=4\r\r\nOK\r\n");
    }

    [Fact]
    public async Task A_message_to_the_modules_own_number_comes_back_as_sent()
    {
        var options = new ModuleOptions();
        await using var wire = await ModuleWire.StartAsync(options);
        var own = options.Identity.PhoneNumber;
        var part = Assert.Single(SmsUserData.ForText("loop 回环", 0));
        var digits = own.TrimStart('+');
        var submit = $"001100{digits.Length:X2}91{Swapped(digits)}0008AA{part.Length:X2}{Convert.ToHexString(part.Bytes)}";
        await wire.ExchangeAsync($"AT+CMGS={submit.Length / 2 - 1}", $"AT+CMGS={submit.Length / 2 - 1}\r\r\n> ");
        await wire.SendAsync(submit + "\u001a");
        await wire.ExpectAsync("\r\n+CMGS: 0\r\n\r\nOK\r\n\r\n+CMTI: \"SM\",1\r\n");
        await wire.SendAsync("AT+CMGR=1\r");
        var pdu = (await wire.ReadUntilAsync("OK\r\n")).Split("\r\n")[2];
        var back = SmsPdu.DecodeDeliver(Convert.FromHexString(pdu));
        Assert.Equal((own, "loop 回环"), (back.Originator, back.Text));
    }

    [Fact]
    public async Task A_captured_pdu_is_stored_and_read_back_as_the_operators_network_printed_it()
    {
        var transcript = Testing.Transcripts.FieldTranscript.Load("sms-pdu-receive.at");
        await using var wire = await ModuleWire.StartAsync();
        await wire.Module.Sms.DeliverAsync("+8613900000001", "slot one");
        await wire.ExpectAsync("\r\n+CMTI: \"SM\",1\r\n");
        var (command, answer) = transcript.Exchanges.Single();
        Assert.Equal(2, await wire.Module.Sms.DeliverPduAsync(Convert.FromHexString(answer[1])));
        await wire.ExpectAsync($"\r\n{transcript.Unsolicited.Single()}\r\n");
        // 27.005 §3.4.3: the header line, then the PDU on the next line, then the final result code.
        await wire.ExchangeAsync(command, $"{command}\r\r\n{answer[0]}\r\n{answer[1]}\r\n\r\n{answer[2]}\r\n");
        await Assert.ThrowsAsync<FormatException>(() => wire.Module.Sms.DeliverPduAsync(Convert.FromHexString(RealSubmitUcs2)));
    }

    [Fact]
    public async Task Sms_ready_is_printed_at_boot_only_when_asked_for()
    {
        // Luat's lib/sms.lua waits for this line from the 8910 core; the AT firmware's boot logs do not show it.
        await using var asked = ModuleWire.StartUnread(new ModuleOptions { EmitSmsReady = true });
        await asked.ExpectAsync(ModuleWire.BootBurst + "\r\nSMS READY\r\n");
        await asked.ExchangeAsync("AT", "AT\r\r\nOK\r\n");
        await using var plain = ModuleWire.StartUnread(new ModuleOptions());
        await plain.ExpectAsync(ModuleWire.BootBurst);
        await plain.ExchangeAsync("AT", "AT\r\r\nOK\r\n");
    }

    private static string Swapped(string digits)
    {
        var padded = digits.Length % 2 == 1 ? digits + "F" : digits;
        return string.Concat(Enumerable.Range(0, padded.Length / 2).Select(i => $"{padded[2 * i + 1]}{padded[2 * i]}"));
    }
}
