namespace LuatHost.Aliyun.Flows;

/// <summary>Everything AT+MCONFIG and AT+MIPSTART/AT+SSLMIPSTART need for one connect attempt.</summary>
/// <param name="Password">A secret (signature or iotToken): never logged.</param>
public sealed record MqttLogin(string ClientId, string UserName, string Password, string Host, int Port, bool Tls, string FlowName, string DeviceName, bool IsIotToken = false)
{
    public override string ToString() => $"MqttLogin {{ {FlowName}, ClientId = {ClientId}, UserName = {UserName}, {Host}:{Port}{(Tls ? " TLS" : "")} }}";
}

/// <summary>One way to obtain a login: 一机一密 direct, 一机一密 HTTP auth, each optionally preceded by 一型一密 registration.</summary>
internal interface IConnectFlow
{
    string Name { get; }

    Task<MqttLogin> PrepareAsync(CancellationToken cancellationToken);
}
