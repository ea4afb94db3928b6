using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Cloud.Tests;

public sealed class TopicPermissionTests
{
    private static readonly TopicPermissions Permissions = TopicPermissions.For("pk", "dn",
        [new TopicClassRecord { Topic = "/pk/${deviceName}/user/cmd", Access = TopicAccess.Sub }]);

    [Theory]
    [InlineData("/pk/dn/user/update", true)]
    [InlineData("/pk/dn/user/update/error", true)]
    [InlineData("/pk/dn/update", true)]
    [InlineData("/sys/pk/dn/thing/event/property/post", true)]
    [InlineData("/ota/device/inform/pk/dn", true)]
    [InlineData("/ota/device/progress/pk/dn", true)]
    [InlineData("/pk/dn/user/get", false)]
    [InlineData("/pk/other/user/update", false)]
    [InlineData("/pk/dn/user/cmd", false)]
    [InlineData("/pk/dn/user/+", false)]
    public void Default_publish_permissions_are_bound_to_the_device(string topic, bool allowed)
    {
        Assert.Equal(allowed, Permissions.MayPublish(topic));
    }

    [Theory]
    [InlineData("/pk/dn/user/get", true)]
    [InlineData("/pk/dn/get", true)]
    [InlineData("/sys/pk/dn/thing/#", true)]
    [InlineData("/sys/pk/dn/thing/service/+", true)]
    [InlineData("/ota/device/upgrade/pk/dn", true)]
    [InlineData("/pk/dn/user/cmd", true)]
    [InlineData("/pk/dn/user/#", false)]
    [InlineData("/pk/+/user/get", false)]
    [InlineData("/sys/pk/other/thing/#", false)]
    public void Subscribe_permissions_cover_only_filters_inside_a_class(string filter, bool allowed)
    {
        Assert.Equal(allowed, Permissions.MaySubscribe(filter));
    }

    [Fact]
    public void Topics_longer_than_128_characters_are_refused()
    {
        Assert.False(Permissions.MayPublish("/pk/dn/user/update" + new string('x', 120)));
    }
}
