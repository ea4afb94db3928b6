using System.Security.Cryptography;
using LuatHost.Net.Tests.Support;
using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests;

/// <summary>Luat's socket library end to end: Lua → AT multi-link → virtual module → real loopback servers. Shapes from lib/socket.lua.</summary>
public sealed class LuatSocketTests : IAsyncLifetime
{
    private const string Host = "echo.example.test";
    private readonly EchoServer _echo = new();
    private ModemLink _link = null!;

    // A Luat-style helper: send, then recv until n bytes came back; prints the MD5 of what came back.
    private const string EchoFunction = """
        local function echo(c, data)
          if not c:send(data) then return "send failed" end
          local got = {}
          local n = 0
          while n < #data do
            local ok, chunk = c:recv(20000)
            if not ok then return "recv " .. tostring(chunk) end
            got[#got + 1] = chunk
            n = n + #chunk
          end
          return crypto.md5(table.concat(got), n)
        end
        """;

    // As Luat's socket demos start: wait for the bearer before the first connect.
    private const string WaitForNetwork = """
        while not socket.isReady() do sys.waitUntil("IP_READY_IND", 30000) end

        """;

    public async Task InitializeAsync() => _link = await ModemLink.StartAsync(ModuleWithEcho());

    private ModuleOptions ModuleWithEcho() => new()
    {
        HostMap = new HostMap()
            .Add(Host, "127.0.0.1", _echo.TcpPort, RemoteProtocol.Tcp)
            .Add(Host, "127.0.0.1", _echo.TlsPort, RemoteProtocol.Tls)
            .Add(Host, "127.0.0.1", _echo.UdpPort, RemoteProtocol.Udp),
        PinnedCertificate = TestCertificate.Server,
    };

    public async Task DisposeAsync()
    {
        await _link.DisposeAsync();
        await _echo.DisposeAsync();
    }

    /// <summary>The data the scripts send: byte i = (i * 7 + i / 251) mod 256 — NUL first, CR and LF within the first 256.</summary>
    private static byte[] Pattern(int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++) data[i] = (byte)(i * 7 + i / 251);
        return data;
    }

    private const string LuaPattern = """
        local function pattern(n)
          local t = {}
          for i = 0, n - 1 do t[#t + 1] = string.char((i * 7 + math.floor(i / 251)) % 256) end
          return table.concat(t)
        end
        """;

    [Theory]
    [InlineData(1)]
    [InlineData(11200)]
    [InlineData(11201)]
    [InlineData(1024 * 1024)]
    public async Task Tcp_echo_over_one_socket_is_binary_safe(int length)
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("socket", $$"""
            {{WaitForNetwork}}
            {{EchoFunction}}
            {{LuaPattern}}
            sys.subscribe("SOCKET_ACTIVE", function(active) print("active", active) end)
            local c = socket.tcp()
            print("connect", c:connect("{{Host}}", 7000))
            print("md5", echo(c, pattern({{length}})))
            c:close()
            sys.wait(50)
            """, _link, TimeSpan.FromSeconds(180));

        script.AssertLines("connect\ttrue\t0", "active\ttrue", "md5\t" + Convert.ToHexString(MD5.HashData(Pattern(length))), "active\tfalse");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Four_sockets_echo_at_once_in_four_tasks()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("socket", $$"""
            {{WaitForNetwork}}
            {{EchoFunction}}
            {{LuaPattern}}
            local done = 0
            for i = 1, 4 do
              sys.taskInit(function()
                local c = socket.tcp()
                local ok = c:connect("{{Host}}", 7000)
                local data = pattern(30000 + i)
                local md5 = echo(c, data)
                print(i, ok, md5 == crypto.md5(data, #data))
                c:close()
                done = done + 1
                sys.publish("ONE_DONE")
              end)
            end
            while done < 4 do sys.waitUntil("ONE_DONE", 60000) end
            """, _link, TimeSpan.FromSeconds(120));

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["1\ttrue\ttrue", "2\ttrue\ttrue", "3\ttrue\ttrue", "4\ttrue\ttrue"], script.ScriptLines.Order());
    }

    [Fact]
    public async Task Udp_echo_returns_one_datagram_per_recv()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("socket", $$"""
            {{WaitForNetwork}}
            local c = socket.udp()
            print("connect", c:connect("{{Host}}", 9000))
            print("send", c:send("a\r\n\0b"))
            local ok, data = c:recv(5000)
            print(ok, (data:toHex()))
            c:close()
            """, _link);

        script.AssertLines("connect\ttrue\t0", "send\ttrue", "true\t610D0A0062");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Tls_socket_echoes_through_the_local_certificate()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("socket", $$"""
            {{WaitForNetwork}}
            local c = socket.tcp(true)
            print("connect", c:connect("{{Host}}", 443))
            print("send", c:send("hello tls"))
            print(c:recv(5000))
            c:close()
            """, _link);

        script.AssertLines("connect\ttrue\t0", "send\ttrue", "true\thello tls");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Recv_returns_timeout_then_a_message_interrupts_it_with_its_data()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("socket", $$"""
            {{WaitForNetwork}}
            local c = socket.tcp()
            c:connect("{{Host}}", 7000)
            print(c:recv(200))
            sys.timerStart(sys.publish, 100, "APP_SEND", "queued")
            print(c:recv(5000, "APP_SEND"))
            c:close()
            """, _link);

        script.AssertLines("false\ttimeout", "false\tAPP_SEND\tqueued");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task Peer_closing_while_recv_waits_returns_closed_and_send_then_fails()
    {
        _echo.CloseAfterBytes = 4;
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("socket", $$"""
            {{WaitForNetwork}}
            sys.subscribe("LIB_SOCKET_CLOSE_IND", function(ssl, protocol, address, port) print("close ind", protocol, address, port) end)
            local c = socket.tcp()
            c:connect("{{Host}}", 7000)
            c:send("abcd")
            print(c:recv(5000))
            print(c:recv(5000))
            print("send", c:send("late"))
            c:close()
            """, _link);

        script.AssertLines("true\tabcd", "false\tCLOSED", "[W]-[socket.client:send]\terror\tCLOSED", "send\tfalse", "close ind\tTCP\techo.example.test\t7000");
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task A_send_result_read_in_one_burst_with_the_answer_and_the_close_still_comes_first()
    {
        // The host reads `SEND OK`, `+RECEIVE` and `CLOSED` in one read (BurstAfterLine), so the URCs are dispatched
        // while the send's completion is still on its way to Lua; the script must see the module's order all the same.
        await using var link = await ModemLink.StartAsync(ModuleWithEcho(), host => new BurstAfterLine(host, "SEND OK\r\n"));
        for (var run = 0; run < 5; run++)
        {
            _echo.CloseAfterBytes = 4;
            using var script = new LuatScript();
            var result = await script.RunTaskAsync("socket", $$"""
                {{WaitForNetwork}}
                local c = socket.tcp()
                c:connect("{{Host}}", 7000)
                print("send", c:send("abcd"))
                print(c:recv(5000))
                print(c:recv(5000))
                c:close()
                """, link);

            script.AssertLines("send\ttrue", "true\tabcd", "false\tCLOSED");
            Assert.Equal(0, result.ExitCode);
        }
    }

    [Fact]
    public async Task Unknown_host_fails_to_connect_with_one_host_line_naming_it_and_map()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("socket", WaitForNetwork + """
            sys.subscribe("LIB_SOCKET_CONNECT_FAIL_IND", function(ssl, protocol, address, port) print("fail ind", protocol, address, port) end)
            local c = socket.tcp()
            print("connect", c:connect("no-such-host.invalid", 1883))
            c:close()
            """, _link);

        script.AssertLines("connect\tfalse", "fail ind\tTCP\tno-such-host.invalid\t1883");
        Assert.Equal(0, result.ExitCode);
        var line = Assert.Single(script.HostLines);
        Assert.Contains("no-such-host.invalid:1883", line);
        Assert.Contains("--map no-such-host.invalid:1883=", line);
    }

    [Fact]
    public async Task Oversized_udp_datagram_is_refused_with_a_host_line()
    {
        using var script = new LuatScript();
        var result = await script.RunTaskAsync("socket", $$"""
            {{WaitForNetwork}}
            local c = socket.udp()
            c:connect("{{Host}}", 9000)
            print("send", c:send(string.rep("x", 2000)))
            c:close()
            """, _link);

        script.AssertLines("send\tfalse");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains(script.HostLines, l => l.Contains("2000 bytes", StringComparison.Ordinal));
    }
}
