using LuatHost.Sim.Module;

namespace LuatHost.Sim.Tests;

public sealed class HostMapTests
{
    [Fact]
    public void Wildcard_rule_maps_every_subdomain_depth_and_keeps_the_port()
    {
        var map = new HostMap().AddSpec("*.aliyuncs.com=127.0.0.1");
        Assert.Equal(new MappedEndpoint("127.0.0.1", 1883, true),
            map.Resolve("a1mxL3s6Z7m.iot-as-mqtt.cn-shanghai.aliyuncs.com", 1883, RemoteProtocol.MqttTls));
    }

    [Fact]
    public void Protocol_specific_rules_send_tls_and_plain_to_different_ports()
    {
        var map = new HostMap().AddSpec("mqtts:*.aliyuncs.com=127.0.0.1:8883").AddSpec("*.aliyuncs.com=127.0.0.1:1884");
        Assert.Equal(8883, map.Resolve("x.aliyuncs.com", 1883, RemoteProtocol.MqttTls).Port);
        Assert.Equal(1884, map.Resolve("x.aliyuncs.com", 1883, RemoteProtocol.MqttTcp).Port);
    }

    [Fact]
    public void Unmapped_names_resolve_normally()
    {
        var map = new HostMap().AddSpec("*.aliyuncs.com=127.0.0.1");
        Assert.Equal(new MappedEndpoint("example.com", 443, false), map.Resolve("example.com", 443, RemoteProtocol.Https));
        Assert.False(map.Resolve("aliyuncs.com", 443, RemoteProtocol.Https).Mapped);
    }

    [Theory]
    [InlineData("no-equals")]
    [InlineData("ftp:*.x=1.2.3.4")]
    [InlineData("*.x=1.2.3.4:99999")]
    public void Malformed_rules_are_rejected_with_a_message(string spec)
    {
        Assert.Throws<FormatException>(() => new HostMap().AddSpec(spec));
    }
}
