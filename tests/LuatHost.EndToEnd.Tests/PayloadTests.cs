using System.Text;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>Payloads the AT layer must not bend: quotes, CR/LF, backslash (AT+MPUB escaping), UTF-8, binary and long ones (AT+MPUBEX).</summary>
public sealed class PayloadTests
{
    /// <summary>(Lua literal, expected bytes). Lua's decimal escapes make the binary ones exact.</summary>
    private static readonly (string Lua, byte[] Bytes)[] Payloads =
    [
        ("'say \"hi\"'", Encoding.UTF8.GetBytes("say \"hi\"")),
        ("\"line1\\r\\nline2\\n\"", Encoding.UTF8.GetBytes("line1\r\nline2\n")),
        ("'C:\\\\dir\\\\file \\\\22 not an escape'", Encoding.UTF8.GetBytes("C:\\dir\\file \\22 not an escape")),
        ("\"中文 UTF-8 ✓\"", Encoding.UTF8.GetBytes("中文 UTF-8 ✓")),
        ("\"\\0\\1\\2\\255\\254\\13\\10end\"", [0, 1, 2, 255, 254, 13, 10, (byte)'e', (byte)'n', (byte)'d']),
        ("\"x\\0y\"", [(byte)'x', 0, (byte)'y']),
        ("string.rep('0123456789\"', 300)", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("0123456789\"", 300)))),
    ];

    public PayloadTests() => LogCapture.Install();

    [Fact]
    public async Task Payloads_with_quotes_line_breaks_backslashes_chinese_and_binary_bytes_arrive_byte_exact()
    {
        var publishes = string.Join("\n", Payloads.Select((p, i) =>
            $"aLiYun.publish(UPDATE, {p.Lua}, 1, function(r) log.info(\"e2e.payload\", r, {i}) end)"));
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.Direct() + $$"""

            aLiYun.on("connect", function(ok)
              if ok then
            {{publishes}}
              end
            end)
            """);
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[e2e.payload]", "true", $"\t{Payloads.Length - 1}");
        var received = world.Cloud.Messages.Snapshot().Where(m => m.Topic == TestRegistry.UpdateTopic()).Select(m => m.Payload).ToList();
        foreach (var (lua, bytes) in Payloads)
        {
            Assert.True(received.Any(r => r.AsSpan().SequenceEqual(bytes)), $"payload {lua} did not arrive byte-exact");
        }
        Assert.Equal(Payloads.Length, run.Count("[e2e.payload]\ttrue"));
    }

    [Fact]
    public async Task Binary_and_multiline_cloud_messages_reach_the_script_byte_exact()
    {
        byte[] binary = [0, 1, 2, 255, 254, 13, 10, 34, 92, 0xE4, 0xB8, 0xAD];
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.Direct() + """

            aLiYun.on("receive", function(topic, qos, payload) log.info("e2e.receivedHex", #payload, payload:toHex()) end)
            """);
        await using var run = world.Run(project);
        await run.WaitForLineAsync("[e2e.published]", "true", "q1");

        await world.Cloud.PublishToDeviceAsync(TestRegistry.ProductKey, TestRegistry.DeviceName, TestRegistry.GetTopic(), binary, 1);

        await run.WaitForLineAsync("[e2e.receivedHex]", $"{binary.Length}\t{Convert.ToHexString(binary)}");
    }
}
