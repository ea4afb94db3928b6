namespace LuatHost.Sim.Cloud.Broker;

/// <summary>Why a device publish was refused, or null when it may go through.</summary>
public static class PublishAcl
{
    public static string? Check(DeviceSession? session, string topic, int payloadLength, int maxPayloadBytes)
    {
        if (session is null)
        {
            return "publisher is not an authenticated device";
        }

        if (payloadLength > maxPayloadBytes)
        {
            return $"payload of {payloadLength} bytes exceeds the {maxPayloadBytes}-byte message limit";
        }

        return session.Permissions.MayPublish(topic)
            ? null
            : $"device {session.DeviceKey} has no publish permission on '{topic}'";
    }
}
