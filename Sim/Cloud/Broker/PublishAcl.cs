namespace LuatHost.Sim.Cloud.Broker;

/// <summary>Why a device publish was refused, or null when it may go through.</summary>
public static class PublishAcl
{
    public static string? Check(DeviceSession? session, string topic, int payloadLength, CloudBrokerOptions limits, DateTimeOffset now)
    {
        if (session is null)
        {
            return "publisher is not an authenticated device";
        }

        if (payloadLength > limits.MaxPayloadBytes)
        {
            return $"payload of {payloadLength} bytes exceeds the {limits.MaxPayloadBytes}-byte message limit";
        }

        if (!session.Permissions.MayPublish(topic))
        {
            return $"device {session.DeviceKey} has no publish permission on '{topic}'";
        }

        return limits.MaxPublishesPerSecond is { } perSecond && !session.TryCountPublish(now, perSecond)
            ? $"device {session.DeviceKey} published more than {perSecond} messages in one second"
            : null;
    }
}
