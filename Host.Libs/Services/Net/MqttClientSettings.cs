namespace LuatHost.Services.Net;

/// <summary>Luat's last will (<c>{qos=, retain=, topic=, payload=}</c>); the payload as bytes, as a Lua string carries it.</summary>
public sealed record MqttLastWill(string Topic, byte[] Payload, int Qos, bool Retain);

/// <summary>
/// The arguments of Luat's <c>mqtt.client(clientId, keepAlive, username, password, cleanSession, will, version)</c>,
/// with Luat's defaults (lib/mqtt.lua: keepAlive 300 s, empty user and password, clean session, MQTT 3.1.1).
/// </summary>
public sealed record MqttClientSettings(string ClientId)
{
    public int KeepAliveSeconds { get; init; } = 300;

    public string UserName { get; init; } = "";

    public string Password { get; init; } = "";

    public bool CleanSession { get; init; } = true;

    public MqttLastWill? Will { get; init; }

    /// <summary>"3.1.1" or "3.1" (MQIsdp).</summary>
    public string Version { get; init; } = "3.1.1";

    // A record prints every member; the password must not reach a log line by accident.
    public override string ToString() => $"MqttClientSettings {{ ClientId = {ClientId}, UserName = {UserName}, Password = ***, KeepAlive = {KeepAliveSeconds} s }}";
}

/// <summary>One PUBLISH the broker sent: the fields of Luat's received packet table.</summary>
public sealed record MqttReceivedMessage(string Topic, byte[] Payload, int Qos, bool Retain, bool Dup, int PacketId);

/// <summary>
/// How <c>connect</c> ended, in Luat's terms: <see cref="Connected"/>; or the broker's CONNACK return code
/// (<see cref="ReturnCode"/>, e.g. 4 = bad user name or password); or no CONNACK at all (link failure, timeout), with
/// <see cref="Problem"/> the one line for the user.
/// </summary>
public sealed record MqttConnectOutcome(bool Connected, int? ReturnCode, string? Problem)
{
    public static MqttConnectOutcome Success { get; } = new(true, 0, null);
}
