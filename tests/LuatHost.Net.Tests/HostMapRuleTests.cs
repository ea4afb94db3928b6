using LuatHost.Sim.Module;

namespace LuatHost.Net.Tests;

/// <summary>The <c>--map HOST[:PORT]=IP:PORT</c> form and the socket protocols of the host map.</summary>
public sealed class HostMapRuleTests
{
    [Fact]
    public void Host_and_port_rule_matches_only_that_port()
    {
        var map = new HostMap().AddSpec("broker.example.com:1883=127.0.0.1:41883");

        Assert.Equal(new MappedEndpoint("127.0.0.1", 41883, true), map.Resolve("broker.example.com", 1883, RemoteProtocol.Tcp));
        Assert.Equal(new MappedEndpoint("broker.example.com", 8883, false), map.Resolve("broker.example.com", 8883, RemoteProtocol.Tls));
    }

    [Fact]
    public void Host_rule_without_port_keeps_the_port_asked_for()
    {
        var map = new HostMap().AddSpec("echo.example.com=127.0.0.1");

        Assert.Equal(new MappedEndpoint("127.0.0.1", 7000, true), map.Resolve("echo.example.com", 7000, RemoteProtocol.Udp));
    }

    [Fact]
    public void Protocol_prefix_and_port_combine()
    {
        var map = new HostMap().AddSpec("udp:ntp.example.com:123=127.0.0.1:5123");

        Assert.True(map.Resolve("ntp.example.com", 123, RemoteProtocol.Udp).Mapped);
        Assert.False(map.Resolve("ntp.example.com", 123, RemoteProtocol.Tcp).Mapped);
    }

    [Theory]
    [InlineData("host:0=127.0.0.1:1")]
    [InlineData("host:70000=127.0.0.1:1")]
    [InlineData("ftp:host=127.0.0.1")]
    public void Bad_rules_name_the_problem(string spec)
    {
        var error = Assert.Throws<FormatException>(() => new HostMap().AddSpec(spec));
        Assert.Contains(spec, error.Message);
    }
}
