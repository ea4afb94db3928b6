using LuatHost.Modem;

namespace LuatHost.Aliyun;

/// <summary>
/// <c>aLiYun.setConnectMode("direct", host, port, getClientId, getUserName, getPassword)</c>: the signed MQTT direct
/// connection instead of Luat's legacy HTTPS auth. Host null = <c>&lt;pk&gt;.iot-as-mqtt.&lt;region&gt;.aliyuncs.com</c>.
/// The optional providers replace the computed clientId (bare part), username or password. <paramref name="Tls"/>
/// connects with AT+SSLMIPSTART and securemode=2 (Luat's direct mode is plain TCP, securemode=3).
/// </summary>
public sealed record DirectConnectEndpoint(
    string? Host = null,
    int Port = AliyunDefaults.MqttPort,
    Func<CancellationToken, Task<string?>>? ClientId = null,
    Func<CancellationToken, Task<string?>>? UserName = null,
    Func<CancellationToken, Task<string?>>? Password = null,
    bool Tls = false);

/// <summary><c>aLiYun.setMqtt(cleanSession, will, keepAlive)</c>. Luat's lib defaults keepAlive to 240 s.</summary>
public sealed record AliyunMqttSettings(bool CleanSession = true, int KeepAliveSeconds = AliyunDefaults.KeepAliveSeconds, MqttWill? Will = null);

/// <summary>Values Luat's aLiYun lib uses when the script does not say otherwise (docs/luat-lib.md §3.10).</summary>
public static class AliyunDefaults
{
    public const string Region = "cn-shanghai";

    public const int MqttPort = 1883;

    /// <summary>Luat's lib passes 240 s (the mqtt lib alone would use 300).</summary>
    public const int KeepAliveSeconds = 240;

    /// <summary><c>aLiYun.setErrHandle(cbFnc, tmout)</c>: without tmout Luat's lib waits 150 s (lib/aLiYun.lua, <c>tmout or 150</c>).</summary>
    public const int ErrorWatchdogSeconds = 150;

    /// <summary>Luat signs the direct connect with this fixed timestamp (the year 2050), so no clock is needed.</summary>
    public const string SignTimestamp = "2524608000000";

    public static string MqttHost(string productKey, string region) => $"{productKey}.iot-as-mqtt.{region}.aliyuncs.com";

    public static string AuthHost(string region) => $"iot-auth.{region}.aliyuncs.com";
}
