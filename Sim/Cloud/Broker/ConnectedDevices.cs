using System.Collections.Concurrent;

namespace LuatHost.Sim.Cloud.Broker;

/// <summary>A device currently online.</summary>
public sealed record ConnectedDevice(string ProductKey, string DeviceName, string ClientId, string AuthMode, DateTimeOffset ConnectedAt);

/// <summary>
/// One live connection per device, as on Aliyun: a new connection of a device replaces the entry
/// and hands back the one it displaced, which the broker then disconnects.
/// </summary>
public sealed class ConnectedDevices
{
    private readonly ConcurrentDictionary<string, (ConnectedDevice Device, DeviceSession Session)> _online = new(StringComparer.Ordinal);

    /// <summary>After a device came online or went offline (raised on the broker's thread: look, don't block).</summary>
    public event Action? Changed;

    /// <summary>
    /// Records the connection; returns the clientId to kick, if two connections hold the device: the older one by
    /// <see cref="DeviceSession.ConnectOrder"/>, which may be this late-reported one.
    /// </summary>
    public string? Connected(DeviceSession session, string clientId)
    {
        var device = new ConnectedDevice(session.ProductKey, session.DeviceName, clientId, session.AuthMode, DateTimeOffset.UtcNow);
        string? displaced = null;
        _online.AddOrUpdate(
            session.DeviceKey,
            _ => (device, session),
            (_, previous) =>
            {
                if (previous.Session.ConnectOrder > session.ConnectOrder)
                {
                    // A newer connection was reported first: this one is the stale one.
                    displaced = previous.Device.ClientId == clientId ? null : clientId;
                    return previous;
                }
                // Same clientId: MQTTnet's own session takeover already closes the old link.
                displaced = previous.Device.ClientId == clientId ? null : previous.Device.ClientId;
                return (device, session);
            });
        Changed?.Invoke();
        return displaced;
    }

    /// <summary>Forgets the connection unless a newer one of the same device has replaced it.</summary>
    public void Disconnected(DeviceSession session)
    {
        if (_online.TryGetValue(session.DeviceKey, out var current) && ReferenceEquals(current.Session, session))
        {
            if (((ICollection<KeyValuePair<string, (ConnectedDevice, DeviceSession)>>)_online).Remove(new(session.DeviceKey, current)))
                Changed?.Invoke();
        }
    }

    public IReadOnlyList<ConnectedDevice> Snapshot() => _online.Values.Select(v => v.Device).OrderBy(d => d.ProductKey).ThenBy(d => d.DeviceName).ToArray();

    public ConnectedDevice? Find(string productKey, string deviceName) =>
        _online.TryGetValue($"{productKey}/{deviceName}", out var entry) ? entry.Device : null;
}
