using LuatHost.Net.Tests.Support;

namespace LuatHost.Net.Tests;

/// <summary>
/// Luat's websocket library (the API of Luat's lib/websocket.lua, as its demo/websocket uses it) through the virtual
/// module's socket commands to ASP.NET Core's WebSocket server in Kestrel: a third-party implementation of RFC 6455
/// on the other end, so framing, masking, the handshake's accept key and the closing handshake are checked by code
/// nobody here wrote. One class: the server's record (<see cref="WebSocketPeer.SeenAsync"/>) is shared.
/// </summary>
public sealed class LuatWebSocketTests : IAsyncLifetime
{
    private const string Host = "ws.example.com";
    private WebOverModule _web = null!;

    private ModemLink Link => _web.Link;

    public async Task InitializeAsync()
    {
        WebSocketPeer.Reset();
        _web = await WebOverModule.StartAsync(Host);
    }

    public Task DisposeAsync() => _web.DisposeAsync().AsTask();

    [Fact]
    public async Task Start_sends_text_a_70_KB_binary_message_and_a_ping_receives_the_echoes_and_closes_with_a_code()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("websocket", $$"""
            local ws = websocket.new("ws://{{Host}}:{{_web.Server.HttpPort}}/ws/echo")
            local got, pong, sent = {}, nil, 0
            ws:on("open", function() print("open", ws:state(), ws:online()) end)
            ws:on("sent", function() sent = sent + 1 end)
            ws:on("pong", function(data) pong = data end)
            ws:on("close", function(code) print("close", code, ws:state()) sys.publish("WS_CLOSED") end)
            -- The pattern of /bytes: byte i is (i * 31 + i / 256) mod 256, every value from 0 to 255 included.
            local big = {}
            for i = 0, 69999 do big[#big + 1] = string.char((i * 31 + math.floor(i / 256)) % 256) end
            big = table.concat(big)
            ws:ping("are you there") -- first, so the pong comes before the echoes
            ws:send("hello websocket", true)
            ws:send(big)
            sys.taskInit(ws.start, ws, nil, function(message)
              got[#got + 1] = message
              if #got == 2 then ws:close(1000, "done") end
            end)
            sys.waitUntil("WS_CLOSED", 30000)
            print(got[1], #got[2], got[2] == big, pong, sent)
            """, Link);

        script.AssertPrinted(
            "open\tOPEN\ttrue",
            "close\t1000\tCLOSED",
            "hello websocket\t70000\ttrue\tare you there\t2");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            ["text hello websocket", $"binary 70000 {Convert.ToHexString(System.Security.Cryptography.MD5.HashData(TestWebServer.Pattern(70000)))}", "closed 1000 done"],
            await WebSocketPeer.SeenAsync(3));
    }

    [Fact]
    public async Task Recv_joins_a_fragmented_message_and_a_server_close_is_answered_and_reported_with_its_code()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("websocket", $$"""
            local ws = websocket.new("ws://{{Host}}:{{_web.Server.HttpPort}}/ws/script")
            local got = {}
            ws:on("message", function(message) got[#got + 1] = message end)
            ws:on("close", function(code) print("close", code) sys.publish("WS_CLOSED") end)
            sys.taskInit(function()
              while not socket.isReady() do sys.wait(100) end
              if not ws:connect(20000) then print("no connection") return end
              while true do
                local ok, message = ws:recv()
                if ok then
                  if #got == 2 then ws:send("ack", true) end
                elseif message ~= "WEBSOCKET_OK" then
                  print("recv", ok, message)
                  break
                end
              end
              ws:close()
            end)
            sys.waitUntil("WS_CLOSED", 30000)
            print(#got, got[1], #got[2], ws:state(), ws:online())
            """, Link);

        script.AssertPrinted("recv\tfalse\tbye", "close\t4000", "2\tfrag-ment-ed\t0\tCLOSED\tfalse");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["text ack", "close answered 4000"], await WebSocketPeer.SeenAsync(2));
    }

    [Fact]
    public async Task Wss_carries_the_same_protocol_over_the_module_s_TLS_link()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("websocket", $$"""
            local ws = websocket.new("wss://{{Host}}:{{_web.Server.HttpsPort}}/ws/echo")
            sys.taskInit(function()
              while not socket.isReady() do sys.wait(100) end
              if not ws:connect(20000) then print("no connection") sys.publish("WS_DONE") return end
              ws:send("over tls", true)
              local ok, message
              repeat ok, message = ws:recv() until ok or message ~= "WEBSOCKET_OK"
              print(ok, message)
              ws:close(1000, "bye")
              sys.publish("WS_DONE")
            end)
            sys.waitUntil("WS_DONE", 30000)
            """, Link);

        script.AssertPrinted("true\tover tls");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["text over tls", "closed 1000 bye"], await WebSocketPeer.SeenAsync(2));
    }
}
