namespace LuatHost.Testing;

/// <summary>
/// The tutorial's devices, defined once for every test project (also in Sim/Cloud/registry.sample.json). Projects that
/// do not reference the kit compile this file in by link, so the values have one home.
/// </summary>
public static class Tutorial
{
    public const string ProductKey = "a1mxL3s6Z7m";
    public const string DeviceName = "866714043075174";
    public const string DeviceSecret = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O";

    public const string DynProductKey = "b1KCi45LcCP";
    public const string DynProductSecret = "VWll9fiYWKiwraBk";
    public const string DynDeviceName = "862991419835241";

    public const string MqttHost = "a1mxL3s6Z7m.iot-as-mqtt.cn-shanghai.aliyuncs.com";
    public const string AuthHost = "iot-auth.cn-shanghai.aliyuncs.com";
}
