using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Cloud.Tests;

/// <summary>Which of two connections of one device survives, whatever order the broker reports them in.</summary>
public sealed class ConnectedDevicesTests
{
    private static DeviceSession Session(long order) =>
        new("a1mxL3s6Z7m", "866714043075174", TopicPermissions.For("a1mxL3s6Z7m", "866714043075174", []), "securemode=3")
        {
            ConnectOrder = order,
        };

    [Fact]
    public void Newer_connection_displaces_the_older_one()
    {
        var devices = new ConnectedDevices();
        Assert.Null(devices.Connected(Session(1), "first"));

        Assert.Equal("first", devices.Connected(Session(2), "second"));
        Assert.Equal("second", devices.Find("a1mxL3s6Z7m", "866714043075174")!.ClientId);
    }

    [Fact]
    public void Older_connection_reported_late_is_the_one_displaced()
    {
        var devices = new ConnectedDevices();
        Assert.Null(devices.Connected(Session(2), "second"));

        Assert.Equal("first", devices.Connected(Session(1), "first"));
        Assert.Equal("second", devices.Find("a1mxL3s6Z7m", "866714043075174")!.ClientId);
    }
}
