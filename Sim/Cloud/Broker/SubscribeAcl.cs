namespace LuatHost.Sim.Cloud.Broker;

/// <summary>Why a device subscription was refused (SUBACK 0x80), or null when it may go through.</summary>
public static class SubscribeAcl
{
    public static string? Check(DeviceSession? session, string topicFilter)
    {
        if (session is null)
        {
            return "subscriber is not an authenticated device";
        }

        if (!session.Permissions.MaySubscribe(topicFilter))
        {
            return $"device {session.DeviceKey} has no subscribe permission on '{topicFilter}'";
        }

        return session.TryAddSubscription(topicFilter)
            ? null
            : $"device {session.DeviceKey} already has {DeviceSession.MaxSubscriptions} subscriptions";
    }
}
