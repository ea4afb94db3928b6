namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>Exchanges from the openLuat wiki tutorial "阿里云" (https://luatdoc.papapoi.com/wiki/_sources/pages/269.rst.txt), reused by several tests. Echo is on (boot default).</summary>
public static class TutorialSteps
{
    /// <summary>AT+MCONFIG with the HTTP-auth credentials, AT+SSLMIPSTART, AT+MCONNECT=1,120 → CONNACK OK.</summary>
    public static async Task ConnectWithHttpAuthCredentialsAsync(ModuleWire wire)
    {
        const string config = "AT+MCONFIG=\"866714043075174\",\"GAQYuiW0qid2H5NfMu9l000100\",\"^1^1589511374876^27f6f5a03b709fc\"";
        await wire.ExchangeAsync(config, config + "\r\r\nOK\r\n");
        const string start = "AT+SSLMIPSTART=\"a1mxL3s6Z7m.iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883";
        await wire.ExchangeAsync(start, start + "\r\r\nOK\r\n\r\nCONNECT OK\r\n");
        await wire.ExchangeAsync("AT+MCONNECT=1,120", "AT+MCONNECT=1,120\r\r\nOK\r\n\r\nCONNACK OK\r\n");
    }

    public static async Task SubscribeAsync(ModuleWire wire, string topic, int qos = 0)
    {
        var command = $"AT+MSUB=\"{topic}\",{qos}";
        await wire.ExchangeAsync(command, command + "\r\r\nOK\r\n\r\nSUBACK\r\n");
    }

    /// <summary>The same connect after ATE0: replies only, no echo.</summary>
    public static async Task ConnectWithoutEchoAsync(ModuleWire wire)
    {
        await wire.ExchangeAsync("AT+MCONFIG=\"866714043075174\",\"GAQYuiW0qid2H5NfMu9l000100\",\"^1^1589511374876^27f6f5a03b709fc\"", "\r\nOK\r\n");
        await wire.ExchangeAsync("AT+SSLMIPSTART=\"a1mxL3s6Z7m.iot-as-mqtt.cn-shanghai.aliyuncs.com\",1883", "\r\nOK\r\n\r\nCONNECT OK\r\n");
        await wire.ExchangeAsync("AT+MCONNECT=1,120", "\r\nOK\r\n\r\nCONNACK OK\r\n");
    }
}
