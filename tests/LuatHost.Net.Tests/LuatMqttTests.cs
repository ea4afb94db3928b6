using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests;

/// <summary>
/// Luat's mqtt library end to end: Lua → mqttcore → MQTTnet over an AT socket link → virtual module → a real MQTTnet
/// broker on loopback. Return shapes from Luat's lib/mqtt.lua (connect → true | false | false, rc; receive → true,
/// packet | false, "timeout" | false, msg, data); CONNACK codes from the MQTT 3.1.1 specification (4 = bad user name or
/// password).
/// </summary>
public sealed class LuatMqttTests : IAsyncLifetime
{
    private const string Host = "broker.example.test";
    private LocalBroker _broker = null!;
    private ModemLink _link = null!;

    private const string WaitForNetwork = """
        while not socket.isReady() do sys.waitUntil("IP_READY_IND", 30000) end

        """;

    public async Task InitializeAsync()
    {
        _broker = await LocalBroker.StartAsync();
        _link = await ModemLink.StartAsync(new ModuleOptions
        {
            HostMap = new HostMap().Add(Host, "127.0.0.1", _broker.Port, RemoteProtocol.Tcp),
        });
    }

    public async Task DisposeAsync()
    {
        await _link.DisposeAsync();
        await _broker.DisposeAsync();
    }

    /// <summary>The script's print lines (the library's own log lines start with '[').</summary>
    private static List<string> Printed(LuatScript script)
    {
        lock (script.Lines) return [.. script.Lines.Where(l => !l.StartsWith('['))];
    }

    private static void AssertPrinted(LuatScript script, params string[] expected) =>
        Assert.True(expected.SequenceEqual(Printed(script)),
            "script lines:\n" + string.Join("\n", script.Lines) + "\nhost lines:\n" + string.Join("\n", script.HostLines));

    [Fact]
    public async Task Publish_qos_0_1_2_comes_back_through_the_subscription_binary_safe()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            local c = mqtt.client("luat-one", 60, "luat", "s3cret")
            print("connect", c:connect("{{Host}}", 1883, "tcp"))
            print("subscribe", c:subscribe({["/luat/echo/0"] = 0, ["/luat/echo/1"] = 1, ["/luat/echo/2"] = 2}))
            local payload = "a\0b\r\nc\255"
            for q = 0, 2 do
              print("publish", q, c:publish("/luat/echo/" .. q, payload .. q, q))
              local ok, p = c:receive(10000)
              print("receive", ok, p.id, p.topic, p.payload == payload .. q, p.qos, p.retain, p.dup, p.packetId ~= nil)
            end
            print("timeout", c:receive(300))
            print("unsubscribe", c:unsubscribe("/luat/echo/0"))
            c:disconnect()
            print("after disconnect", c:publish("/luat/echo/0", "x"))
            """, _link, TimeSpan.FromSeconds(60));

        AssertPrinted(script,
            "connect\ttrue",
            "subscribe\ttrue",
            "publish\t0\ttrue",
            "receive\ttrue\t3\t/luat/echo/0\ttrue\t0\t0\t0\tfalse",
            "publish\t1\ttrue",
            "receive\ttrue\t3\t/luat/echo/1\ttrue\t1\t0\t0\ttrue",
            "publish\t2\ttrue",
            "receive\ttrue\t3\t/luat/echo/2\ttrue\t2\t0\t0\ttrue",
            "timeout\tfalse\ttimeout",
            "unsubscribe\ttrue",
            "after disconnect\tfalse");
        Assert.Equal(0, result.ExitCode);
        var published = _broker.Published.ToArray();
        Assert.Equal([0, 1, 2], published.Select(p => p.Qos));
        Assert.Equal(new byte[] { 0x61, 0, 0x62, 0x0d, 0x0a, 0x63, 0xff, 0x30 }, published[0].Payload);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_connack_code_4()
    {
        using var script = new LuatScript();
        await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            local c = mqtt.client("luat-bad", 60, "luat", "wrong")
            print("connect", c:connect("{{Host}}", 1883))
            print("subscribe", c:subscribe("/t"))
            """, _link);

        AssertPrinted(script, "connect\tfalse\t4", "subscribe\tfalse");
        Assert.Contains(script.HostLines, l => l.Contains("refused", StringComparison.Ordinal) && l.Contains("CONNACK 4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreachable_broker_gives_false_and_one_host_line_naming_map()
    {
        using var script = new LuatScript();
        await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            local c = mqtt.client("luat-none", 60, "luat", "s3cret")
            print("connect", c:connect("nowhere.invalid", 1883, "tcp", nil, 10))
            """, _link);

        AssertPrinted(script, "connect\tfalse");
        Assert.Single(script.HostLines, l => l.Contains("nowhere.invalid:1883", StringComparison.Ordinal) && l.Contains("--map", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Its_link_counts_in_SOCKET_ACTIVE_and_a_link_that_cannot_open_publishes_LIB_SOCKET_CONNECT_FAIL_IND()
    {
        // Luat's mqtt runs over socket.tcp, so its socket.lua publishes both messages for an mqtt client's link, with
        // that socket's fields: ssl is protocol:match("SSL") (nil for plain TCP), protocol "TCP".
        using var script = new LuatScript();
        await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            sys.subscribe("SOCKET_ACTIVE", function(active) print("SOCKET_ACTIVE", active) end)
            sys.subscribe("LIB_SOCKET_CONNECT_FAIL_IND", function(ssl, protocol, host, port) print("FAIL_IND", ssl, protocol, host, port) end)
            local c = mqtt.client("luat-active", 60, "luat", "s3cret")
            print("connect", c:connect("{{Host}}", 1883))
            sys.wait(100)
            c:disconnect()
            sys.wait(100)
            local d = mqtt.client("luat-nowhere", 60, "luat", "s3cret")
            print("connect", d:connect("nowhere.invalid", 1883, "tcp", nil, 10))
            sys.wait(100)
            """, _link);

        AssertPrinted(script, "connect\ttrue", "SOCKET_ACTIVE\ttrue", "SOCKET_ACTIVE\tfalse", "connect\tfalse",
            "FAIL_IND\tnil\tTCP\tnowhere.invalid\t1883");
    }

    [Fact]
    public async Task The_client_password_is_masked_in_the_at_trace_of_its_connect()
    {
        using var script = new LuatScript();
        await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            local c = mqtt.client("luat-mask", 60, "luat", "pass-only-in-this-test-9c1")
            print("connect", c:connect("{{Host}}", 1883))
            """, _link);

        // The broker refused it (CONNACK 4), but the CONNECT with the password went through AT+CIPSEND.
        AssertPrinted(script, "connect\tfalse\t4");
        Assert.Equal("luat *** end", _link.Engine.Redactor.Redact("luat pass-only-in-this-test-9c1 end"));
    }

    [Fact]
    public async Task Receive_is_woken_by_its_message_with_the_message_data()
    {
        using var script = new LuatScript();
        await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            local c = mqtt.client("luat-wake", 60, "luat", "s3cret")
            c:connect("{{Host}}", 1883)
            sys.timerStart(sys.publish, 200, "APP_SEND", "data")
            print("woken", c:receive(20000, "APP_SEND"))
            sys.publish("APP_SEND", "later")
            sys.wait(100)
            print("kept", c:receive(20000, "APP_SEND"))
            c:disconnect()
            """, _link);

        AssertPrinted(script, "woken\tfalse\tAPP_SEND\tdata", "kept\tfalse\tAPP_SEND\tlater");
    }

    [Fact]
    public async Task Two_clients_in_two_tasks_each_get_their_own_messages()
    {
        using var script = new LuatScript();
        await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            local done = 0
            for i = 1, 2 do
              sys.taskInit(function()
                local c = mqtt.client("luat-two-" .. i, 60, "luat", "s3cret")
                local ok = c:connect("{{Host}}", 1883)
                c:subscribe("/luat/two/" .. i, 1)
                sys.publish("SUBSCRIBED")
                sys.waitUntil("BOTH_SUBSCRIBED", 10000)
                c:publish("/luat/two/" .. (3 - i), "from " .. i, 1)
                local got, p = c:receive(10000)
                print(i, ok, got, p.topic, p.payload)
                c:disconnect()
                done = done + 1
                sys.publish("ONE_DONE")
              end)
            end
            local subscribed = 0
            while subscribed < 2 do sys.waitUntil("SUBSCRIBED", 10000); subscribed = subscribed + 1 end
            sys.publish("BOTH_SUBSCRIBED")
            while done < 2 do sys.waitUntil("ONE_DONE", 20000) end
            """, _link);

        Assert.Equal(["1\ttrue\ttrue\t/luat/two/1\tfrom 2", "2\ttrue\ttrue\t/luat/two/2\tfrom 1"], Printed(script).Order());
    }

    [Fact]
    public async Task The_session_outlives_a_10_s_idle_with_a_2_s_keep_alive()
    {
        using var script = new LuatScript();
        await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            local c = mqtt.client("luat-idle", 2, "luat", "s3cret")
            c:connect("{{Host}}", 1883)
            c:subscribe("/luat/idle", 1)
            sys.wait(10000)
            print("publish", c:publish("/luat/idle", "still here", 1))
            local ok, p = c:receive(10000)
            print("receive", ok, p.payload)
            c:disconnect()
            """, _link, TimeSpan.FromSeconds(60));

        AssertPrinted(script, "publish\ttrue", "receive\ttrue\tstill here");
        // A broker drops a client silent for 1.5 keep-alives (MQTT 3.1.1 §3.1.2.10): one CONNECT means no drop.
        Assert.Equal(["luat-idle"], _broker.Connected);
    }

    [Fact]
    public async Task With_every_module_link_in_use_connect_fails_with_one_line_naming_the_limit()
    {
        using var script = new LuatScript();
        await script.RunTaskAsync("mqtt", $$"""
            {{WaitForNetwork}}
            local open = 0
            for i = 1, 8 do
              local s = socket.tcp()
              if s:connect("{{Host}}", 1883) then open = open + 1 end
            end
            print("sockets", open)
            local c = mqtt.client("luat-ninth", 60, "luat", "s3cret")
            print("connect", c:connect("{{Host}}", 1883))
            """, _link);

        AssertPrinted(script, "sockets\t8", "connect\tfalse");
        Assert.Single(script.HostLines, l => l.Contains("all 8 links of the module are in use", StringComparison.Ordinal));
    }
}
