namespace LuatHost.Sim.Cloud.Broker;

/// <summary>A subscription the broker accepted: whose it is, the topic filter and the QoS it granted (0 or 1, as Aliyun).</summary>
public sealed record DeviceSubscription(string ProductKey, string DeviceName, string TopicFilter, int GrantedQos);
