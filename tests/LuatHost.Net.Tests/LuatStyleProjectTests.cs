using LuatHost.Net.Tests.Support;
using LuatHost.Testing;

namespace LuatHost.Net.Tests;

/// <summary>
/// The acceptance check, as a user runs it: a Luat-style project (socket.tcp to an echo server, mqtt.client to a
/// broker, http.request to a web server, and aLiYun to the local cloud at the same time), every host name reached
/// through <c>--map</c>, run by the real <c>luathost run</c> process with the virtual module. Expected lines follow
/// Luat's lib return shapes (socket recv → true, data; mqtt connect → true; http cbFnc → true, "200", head, body).
/// </summary>
public sealed class LuatStyleProjectTests : IAsyncLifetime
{
    private readonly EchoServer _echo = new();
    private LocalBroker _broker = null!;
    private TestWebServer _web = null!;

    public async Task InitializeAsync()
    {
        _broker = await LocalBroker.StartAsync();
        _web = await TestWebServer.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _web.DisposeAsync();
        await _broker.DisposeAsync();
        await _echo.DisposeAsync();
    }

    private const string Project = """
        PROJECT = "LUATSTYLE"
        VERSION = "1.0.0"
        require "log"
        require "sys"
        require "net"
        require "socket"
        require "mqtt"
        require "http"
        require "aLiYun"

        local PK, DN, DS = "a1mxL3s6Z7m", "866714043075174", "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O"
        -- The login may finish while the task below still talks to the echo server: remember it, as a
        -- Luat script must (a message published before sys.waitUntil subscribes is not kept).
        local aliyunUp = false
        aLiYun.on("connect", function(ok) if ok then aliyunUp = true sys.publish("ALIYUN_UP") end end)
        aLiYun.setConnectMode("direct", PK .. ".iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883)
        aLiYun.setup(PK, nil, function() return DN end, function() return DS end)

        sys.taskInit(function()
          while not socket.isReady() do sys.waitUntil("IP_READY_IND", 30000) end
          local c = socket.tcp()
          print("socket connect", c:connect("echo.luat.test", 7000))
          print("socket send", c:send("ping\r\n"))
          local ok, data = c:recv(10000)
          print("socket recv", ok, data == "ping\r\n")
          c:close()

          print("aliyun up", aliyunUp or sys.waitUntil("ALIYUN_UP", 60000))
          local m = mqtt.client("luatstyle", 60, "luat", "s3cret")
          print("mqtt connect", m:connect("broker.luat.test", 1884))
          print("mqtt subscribe", m:subscribe("/luatstyle", 1))
          print("mqtt publish", m:publish("/luatstyle", "hi", 1))
          local got, p = m:receive(10000)
          print("mqtt receive", got, p.topic, p.payload)
          m:disconnect()

          http.request("POST", "http://files.luat.test/echo", nil, nil, "posted", 30000, function(result, prompt, head, body)
            print("http", result, prompt, body)
            sys.publish("HTTP_DONE")
          end)
          sys.waitUntil("HTTP_DONE", 30000)
          os.exit(0)
        end)

        sys.init(0, 0)
        sys.run()
        """;

    [Fact]
    public async Task A_luat_style_project_reaches_its_servers_through_map_and_prints_what_a_module_would()
    {
        var folder = Directory.CreateTempSubdirectory("luathost-luatstyle-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "main.lua"), Project);
            var (exitCode, stdout, stderr) = await LuathostProcess.RunAsync(folder.FullName, TimeSpan.FromSeconds(150),
                "run", folder.FullName, "--for", "90s",
                "--map", $"echo.luat.test:7000=127.0.0.1:{_echo.TcpPort}",
                "--map", $"broker.luat.test:1884=127.0.0.1:{_broker.Port}",
                "--map", $"files.luat.test:80=127.0.0.1:{_web.HttpPort}");

            var printed = stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0 && !l.StartsWith('[')).ToList();
            Assert.True(exitCode == 0, $"exit {exitCode}\n{stdout}\n{stderr}");
            Assert.True(new[]
            {
                "socket connect\ttrue\t0",
                "socket send\ttrue",
                "socket recv\ttrue\ttrue",
                "aliyun up\ttrue",
                "mqtt connect\ttrue",
                "mqtt subscribe\ttrue",
                "mqtt publish\ttrue",
                "mqtt receive\ttrue\t/luatstyle\thi",
                "http\ttrue\t200\tposted",
            }.SequenceEqual(printed), $"stdout:\n{stdout}\nstderr:\n{stderr}");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
