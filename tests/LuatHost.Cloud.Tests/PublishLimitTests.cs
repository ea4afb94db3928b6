using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Cloud.Tests;

public sealed class PublishLimitTests
{
    private const string Topic = "/pk/dn/user/update";
    private static readonly DateTimeOffset Second = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private static DeviceSession NewSession() => new("pk", "dn", TopicPermissions.For("pk", "dn", []), "securemode=3");

    [Fact]
    public void Publish_acl_refuses_a_payload_over_the_message_limit()
    {
        var limits = new CloudBrokerOptions { MaxPayloadBytes = 10 };

        Assert.Null(PublishAcl.Check(NewSession(), Topic, 10, limits, Second));
        Assert.Contains("10-byte", PublishAcl.Check(NewSession(), Topic, 11, limits, Second), StringComparison.Ordinal);
    }

    [Fact]
    public void Publish_acl_throttles_a_device_past_its_per_second_limit_until_the_next_second()
    {
        var limits = new CloudBrokerOptions { MaxPublishesPerSecond = 2 };
        var session = NewSession();

        Assert.Null(PublishAcl.Check(session, Topic, 1, limits, Second));
        Assert.Null(PublishAcl.Check(session, Topic, 1, limits, Second.AddMilliseconds(500)));
        Assert.NotNull(PublishAcl.Check(session, Topic, 1, limits, Second.AddMilliseconds(900)));
        Assert.Null(PublishAcl.Check(session, Topic, 1, limits, Second.AddSeconds(1)));
    }

    [Fact]
    public void Publish_acl_does_not_throttle_by_default()
    {
        var session = NewSession();

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Null(PublishAcl.Check(session, Topic, 1, new CloudBrokerOptions(), Second)));
    }
}
