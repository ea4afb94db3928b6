using System.Buffers;
using System.Text;
using LuatHost.Sim.Module;
using LuatHost.Sim.Tests.Infrastructure;
using LuatHost.Transport;

namespace LuatHost.Sim.Tests;

/// <summary>
/// A third-party driver's AT flow replayed against the virtual module at typical realism: zack-mf/Air724lib, an Arduino
/// library for the Air724UG (https://github.com/zack-mf/Air724lib, src/Air724lib.cpp and examples/Air724Test). Its
/// commands, waits (200 ms between steps, 1 s reply timeout, 3 s after power-on in the example), reply matching
/// (<c>startsWith</c> on <c>readStringUntil('\n')</c> lines) and its <c>+MSUB</c> parsing are the library's; the broker
/// stands in for the ThingsBoard server of its example.
/// </summary>
public sealed class ThirdPartyDriverTests : IAsyncLifetime
{
    private const string Broker = "182.92.223.22";
    private const string RequestTopic = "v1/devices/me/rpc/request/";
    private TestBroker _broker = null!;
    private VirtualModule _module = null!;
    private ArduinoSerialDriver _serial = null!;

    public async Task InitializeAsync()
    {
        _broker = await TestBroker.StartAsync();
        // The example's login: client id fixed by the library, the ThingsBoard device token as user name, no password.
        _broker.Credentials["AIR724UG"] = ("DHT11_DEMO_TOKEN", "");
        var (host, device) = InMemoryDuplex.CreatePair();
        _module = new VirtualModule(device, new ModuleOptions
        {
            // CONNECT OK at 0.9-1.2 s, inside typical realism and the field's "hundreds of ms to several s": a 300 ms
            // draw could come before a loaded machine's delay(200) ends, and the first test would pass its MCONNECT.
            Realism = RealismProfile.Typical with { TcpConnect = LatencyRange.Milliseconds(900, 1200) },
            HostMap = new HostMap().Add(Broker, "127.0.0.1", _broker.PlainPort, RemoteProtocol.MqttTcp),
        }).Start();
        _serial = new ArduinoSerialDriver(host);
        await Task.Delay(3000); // the example's setup(): delay(3000) before connect_mqtt
    }

    public async Task DisposeAsync()
    {
        await _serial.DisposeAsync();
        await _module.DisposeAsync();
        await _broker.DisposeAsync();
    }

    [Fact]
    public async Task The_librarys_connect_sends_mconnect_200_ms_after_mipstart_ok_and_fails_as_on_hardware_before_connect_ok()
    {
        Assert.True(await ConnectPreambleAsync(), Transcript());

        // connect_mqtt: MIPSTART → "OK", delay(200), then MCONNECT waiting 1 s for CONNACK OK. CONNECT OK takes
        // 0.3-1.2 s at typical realism (hundreds of ms to seconds on hardware, docs/air724-at.md §5.4), so the MQTT
        // CONNECT goes out before the TCP link is up: the library's connect cannot succeed on a real module either.
        Assert.True(await _serial.SendCommandAsync($"AT+MIPSTART=\"{Broker}\",1883", "OK"), Transcript());
        await Task.Delay(200);
        Assert.False(await _serial.SendCommandAsync("AT+MCONNECT=1,60", "CONNACK OK"), Transcript());
    }

    [Fact]
    public async Task The_librarys_flow_with_a_wait_for_connect_ok_subscribes_publishes_and_parses_a_cached_message()
    {
        Assert.True(await ConnectPreambleAsync(), Transcript());
        // The one change: wait for CONNECT OK before MCONNECT, as the field evidence says a client must.
        var started = await _serial.ReadUntilAsync($"AT+MIPSTART=\"{Broker}\",1883", "CONNECT OK", timeoutMs: 5000);
        Assert.True(started.Count > 0 && started[^1].StartsWith("CONNECT OK", StringComparison.Ordinal), Transcript());
        Assert.True(await _serial.SendCommandAsync("AT+MCONNECT=1,60", "CONNACK OK"), Transcript());
        await Task.Delay(200);
        Assert.True(await _serial.SendCommandAsync("AT+MQTTMSGSET=1", "OK"), Transcript());

        // subscribe(topic, true) and publish(topic, msg), as the example's loop calls them.
        Assert.True(await _serial.SendCommandAsync($"AT+MSUB=\"{RequestTopic}+\",0", "SUBACK"), Transcript());
        Assert.True(await _serial.SendCommandAsync("AT+MPUB=\"v1/devices/me/telemetry\",0,0,\"{'temperature': 0, 'humidity': 0}\"", "OK"), Transcript());
        var (_, published) = await _broker.NextPublishedAsync();
        Assert.Equal(("v1/devices/me/telemetry", "{'temperature': 0, 'humidity': 0}"), (published.Topic, Encoding.UTF8.GetString(published.Payload.ToArray())));

        // A server RPC request lands in the module's cache; get_subscribe_msg reads it with AT+MQTTMSGGET.
        const string request = "{\"method\":\"getLight1SwitchStatus\",\"params\":{}}";
        await _broker.PublishToDeviceAsync(RequestTopic + "7", Encoding.UTF8.GetBytes(request));
        await Task.Delay(1000); // the example's loop: publish, then 1 s of LED blinking, then get_subscribe_msg
        var lines = await _serial.ReadUntilAsync("AT+MQTTMSGGET", "OK");
        var payload = ParseAsTheLibraryDoes(lines, RequestTopic);

        // readStringUntil('\n') leaves the CR on the line, so the library's payload ends with it.
        Assert.Equal(request + "\r", payload);
    }

    /// <summary>connect_mqtt up to MCONFIG: ten blind ATs 100 ms apart, blind MDISCONNECT/MIPCLOSE, AT, CGREG?, CGATT?, MCONFIG.</summary>
    private async Task<bool> ConnectPreambleAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            await _serial.SendBlindAsync("AT");
            await Task.Delay(100);
        }
        await _serial.SendBlindAsync("AT+MDISCONNECT");
        await Task.Delay(200);
        await _serial.SendBlindAsync("AT+MIPCLOSE");
        await Task.Delay(200);
        foreach (var (command, reply) in new[] { ("AT", "OK"), ("AT+CGREG?", "OK"), ("AT+CGATT?", "OK"), ("AT+MCONFIG=\"AIR724UG\",\"DHT11_DEMO_TOKEN\",\"\"", "OK") })
        {
            if (!await _serial.SendCommandAsync(command, reply))
            {
                return false;
            }
            await Task.Delay(200);
        }
        return true;
    }

    /// <summary>get_subscribe_msg(topic): for a line starting <c>+MSUB: "</c>, topic between the quotes, payload after the second comma.</summary>
    private static string ParseAsTheLibraryDoes(List<string> lines, string topic)
    {
        var payload = "";
        foreach (var raw in lines)
        {
            if (!raw.StartsWith("+MSUB: \"", StringComparison.Ordinal))
            {
                continue;
            }
            var line = raw[(raw.IndexOf(' ', StringComparison.Ordinal) + 1)..];
            var thisTopic = line[..line.IndexOf(',', StringComparison.Ordinal)];
            thisTopic = thisTopic[1..^1];
            if (thisTopic.StartsWith(topic, StringComparison.Ordinal))
            {
                payload = line[(line.IndexOf(',', StringComparison.Ordinal) + 1)..];
                payload = payload[(payload.IndexOf(',', StringComparison.Ordinal) + 1)..];
            }
        }
        return payload;
    }

    private string Transcript()
    {
        lock (_serial.Seen)
        {
            return "module lines: " + string.Join(" | ", _serial.Seen.Select(l => l.TrimEnd('\r')));
        }
    }
}
