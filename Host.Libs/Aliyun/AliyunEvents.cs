using System.Text;

namespace LuatHost.Aliyun;

/// <summary>A message the cloud sent to the device. <paramref name="Qos"/> is the QoS the topic was subscribed with
/// (the module's <c>+MSUB:</c> line does not carry it).</summary>
public sealed record AliyunMessage(string Topic, int Qos, byte[] Payload)
{
    public string PayloadText => Encoding.UTF8.GetString(Payload);
}

/// <summary>Which stage a problem happened in, so a user knows where to look.</summary>
public enum AliyunProblemStage
{
    Network,
    HttpAuth,
    Registration,
    MqttConnect,
    Subscribe,
    Publish,
    Receive,
}

/// <summary>
/// A problem the client reports and recovers from (it retries). <see cref="Message"/> names the thing and what to do;
/// it never contains a secret.
/// </summary>
public sealed record AliyunProblem(AliyunProblemStage Stage, string Message)
{
    public override string ToString() => $"{Stage}: {Message}";
}

/// <summary>A connect step failed in a way the user can act on (wrong secret, unknown device, refused login, no network).</summary>
public sealed class AliyunFlowException(AliyunProblemStage stage, string message) : Exception(message)
{
    public AliyunProblemStage Stage { get; } = stage;
}
