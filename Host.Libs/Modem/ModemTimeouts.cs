namespace LuatHost.Modem;

/// <summary>How long to wait for the asynchronous results; defaults follow docs/air724-at.md §5.4 and common drivers.</summary>
public sealed record ModemTimeouts
{
    /// <summary>CONNECT OK after AT+MIPSTART / AT+SSLMIPSTART (DNS + TCP (+TLS) on a cellular link).</summary>
    public TimeSpan TcpConnect { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>CONNACK OK after AT+MCONNECT.</summary>
    public TimeSpan Connack { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>SUBACK / UNSUBACK / PUBACK / PUBCOMP.</summary>
    public TimeSpan MqttAck { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>+HTTPACTION after AT+HTTPACTION (the module's own HTTP timeout is 120 s; drivers retry after ~15 s).</summary>
    public TimeSpan HttpAction { get; init; } = TimeSpan.FromSeconds(60);
}
