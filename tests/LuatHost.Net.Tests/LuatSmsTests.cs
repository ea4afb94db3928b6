using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module.Sms;

namespace LuatHost.Net.Tests;

/// <summary>
/// The sms library (the API of Luat's lib/sms.lua, as its demo/sms uses it) through the real AT engine to the virtual
/// module's PDU-mode commands. Received messages include PDUs captured on a Chinese operator's network
/// (blog.csdn.net/xwchen, "VB 使用COM串口驱动GSM模块收发短信测试用例"), stored byte for byte.
/// </summary>
public sealed class LuatSmsTests
{
    private const string LongAscii = "qeiuqwdsahdkjahdkjahdkja122136489759725923759823hfdskfdkjnbzndkjhfskjdfkjdshfkjdsfks83478648732432";

    [Fact]
    public async Task Sends_as_luats_demo_does_one_after_another_in_ucs2_a_long_text_in_parts_and_reports_each()
    {
        await using var link = await ModemLink.StartAsync();
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("sms,common", $$"""
            if not sms.getsmsstate() then sys.waitUntil("SMS_READY", 30000) end
            local done = 0
            local function sent(result, num, data)
              print("sent", result, num, common.gb2312ToUtf8(data))
              done = done + 1
              if done == 3 then sys.publish("ALL_SENT") end
            end
            print("now", sms.send("10086", "10086", sent))
            print("waits", sms.send("+8613356673796", common.utf8ToGb2312("第2条短信"), sent))
            sms.send("10086", string.rep("{{LongAscii}}", 3), sent)
            sys.waitUntil("ALL_SENT", 60000)
            -- 17,100 characters need 256 parts of 67: more than the concatenation header can count.
            sms.send("10086", string.rep("x", 17100), function(result) print("too long", result) end)
            sms.send("", "x", function(result, num) print("refused", result, num) end)
            sms.send("10086", "", function(result) print("empty", result) end)
            sms.send("not a number", "x", function(result) print("bad number", result) end)
            """, link);

        var longText = string.Concat(Enumerable.Repeat(LongAscii, 3));
        script.AssertPrinted(
            "now\ttrue",
            "waits",
            "sent\ttrue\t10086\t10086",
            "sent\ttrue\t+8613356673796\t第2条短信",
            $"sent\ttrue\t10086\t{longText}",
            "too long\tfalse",
            "refused\tfalse\t",
            "empty\tfalse",
            "bad number\tfalse");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(script.Lines, l => l.Contains("needs more than 255 messages: not sent", StringComparison.Ordinal));
        var sent = link.Module.Sms.Sent;
        Assert.Equal(2 + 5, sent.Count); // 300 characters in UCS2 are 600 octets: five parts of at most 134
        Assert.All(sent, s => Assert.Equal(SmsAlphabet.Ucs2, s.UserData.Alphabet));
        Assert.Equal(("10086", "10086"), (sent[0].Destination, sent[0].Text));
        Assert.Equal(("+8613356673796", "第2条短信"), (sent[1].Destination, sent[1].Text));
        var parts = sent.Skip(2).ToArray();
        Assert.Equal([1, 2, 3, 4, 5], parts.Select(p => p.UserData.Concatenation!.Value.Sequence));
        Assert.All(parts, p => Assert.Equal(5, p.UserData.Concatenation!.Value.Total));
        Assert.Single(parts.Select(p => p.UserData.Concatenation!.Value.Reference).Distinct());
        Assert.Equal(longText, string.Concat(parts.Select(p => p.Text)));
    }

    [Fact]
    public async Task Receives_what_waited_on_the_sim_and_what_arrives_joins_long_messages_and_deletes_each_after_reading()
    {
        await using var link = await ModemLink.StartAsync();
        var sms = link.Module.Sms;
        // Captured: "测试1" in UCS2 and "1" in GSM 7-bit from +8613356673796 (their timestamps are 2006's).
        await sms.DeliverPduAsync(Convert.FromHexString("0891683108502405F0240D91683153663797F6000860808051845100066D4B8BD50031"));
        await sms.DeliverPduAsync(Convert.FromHexString("0891683108502405F0240D91683153663797F60000608080511425000131"));
        var noon = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.FromHours(8));
        await sms.DeliverAsync("+8613900000001", "Price: 5$ [ok] {x}", noon); // GSM 7-bit with extension characters
        var longText = string.Concat(Enumerable.Repeat("长短信分段测试。", 12)); // 96 characters: two UCS2 parts
        Assert.Equal(2, (await sms.DeliverAsync("+8613900000002", longText, noon.AddMinutes(-90))).Count);

        using var script = new LuatScript();
        var result = await script.RunTaskAsync("sms,common", """
            local got = 0
            sms.setNewSmsCb(function(num, data, datetime)
              if num == "14400000000" then datetime = datetime:match("^%d%d/%d%d/%d%d,%d%d:%d%d:%d%d[%+%-]%d%d$") and "(now)" end
              print("new", num, common.gb2312ToUtf8(data), datetime)
              got = got + 1
              if got == 5 then sys.publish("GOT_ALL") end
            end)
            if not sms.getsmsstate() then sys.waitUntil("SMS_READY", 30000) end
            sms.send("+8614400000000", common.utf8ToGb2312("自己发给自己"), function(result) print("self", result) end)
            sys.waitUntil("GOT_ALL", 30000)
            -- ril answers in order: once this AT is answered, the deletes queued before it are done.
            ril.request("AT", nil, function() sys.publish("QUEUE_DONE") end)
            sys.waitUntil("QUEUE_DONE", 30000)
            """, link);

        script.AssertPrinted(
            "new\t13356673796\t测试1\t06/08/08,15:48:15+00",
            "new\t13356673796\t1\t06/08/08,15:41:52+00",
            "new\t13900000001\tPrice: 5$ [ok] {x}\t26/12/01,12:00:00+32",
            $"new\t13900000002\t{longText}\t26/12/01,10:30:00+32",
            "self\ttrue",
            "new\t14400000000\t自己发给自己\t(now)");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("自己发给自己", Assert.Single(link.Module.Sms.Sent).Text);
        // Every message read was deleted: the SIM store is empty again.
        var reply = await link.Engine.ExecuteAsync("AT+CPMS?");
        Assert.Equal("+CPMS: \"SM\",0,50,\"SM\",0,50,\"SM\",0,50", reply.Lines.Single().Text);
    }
}
