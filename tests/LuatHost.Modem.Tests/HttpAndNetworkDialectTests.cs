using System.Text;
using LuatHost.Modem;

namespace LuatHost.Modem.Tests;

public sealed class HttpAndNetworkDialectTests
{
    [Fact]
    public async Task Aliyun_http_auth_flow_from_the_seed_runs_end_to_end()
    {
        await using var h = new EngineHarness(echo: true);
        var body = Encoding.ASCII.GetBytes("productKey=pk&deviceName=dn&clientId=dn&timestamp=1&sign=ABC");
        var answer = "{\"code\":200,\"data\":{\"iotId\":\"i\",\"iotToken\":\"t\"}}";
        h.Module
            .On("AT+SAPBR=3,1,\"CONTYPE\",\"GPRS\"", "\r\nOK\r\n")
            .On("AT+SAPBR=3,1,\"APN\",\"\"", "\r\nOK\r\n")
            .On("AT+SAPBR=1,1", "\r\nOK\r\n")
            .On("AT+HTTPINIT", "\r\nOK\r\n")
            .On("AT+HTTPPARA=\"CID\",1", "\r\nOK\r\n")
            .On("AT+HTTPPARA=\"URL\",\"https://iot-auth.cn-shanghai.aliyuncs.com/auth/devicename\"", "\r\nOK\r\n")
            .On("AT+HTTPPARA=\"USER_DEFINED\",\"Content-Type: application/x-www-form-urlencoded\"", "\r\nOK\r\n")
            .On($"AT+HTTPDATA={body.Length},20000", async x => { await x.SendAsync("\r\nDOWNLOAD\r\n"); await x.ReadPayloadAsync(body.Length); await x.SendAsync("\r\nOK\r\n"); })
            .On("AT+HTTPACTION=1", "\r\nOK\r\n", $"\r\n+HTTPACTION: 1,200,{answer.Length}\r\n")
            .On("AT+HTTPREAD", $"\r\n+HTTPREAD: {answer.Length}\r\n{answer}\r\nOK\r\n")
            .On("AT+HTTPTERM", "\r\nOK\r\n");
        var (network, http) = (h.Modem.Network, h.Modem.Http);

        await network.ConfigureBearerAsync().Guarded();
        await network.OpenBearerAsync().Guarded();
        await http.InitAsync().Guarded();
        await http.SetCidAsync().Guarded();
        await http.SetUrlAsync("https://iot-auth.cn-shanghai.aliyuncs.com/auth/devicename").Guarded();
        await http.AddHeaderAsync("Content-Type: application/x-www-form-urlencoded").Guarded();
        await http.WriteBodyAsync(body, TimeSpan.FromSeconds(20)).Guarded();
        var action = await http.ActionAsync(HttpAction.Post).Guarded();
        var read = await http.ReadBodyAsync().Guarded();
        await http.TerminateAsync().Guarded();

        Assert.Equal(200, action.StatusCode);
        Assert.Equal(answer, Encoding.UTF8.GetString(read));
    }

    [Fact]
    public async Task Network_bring_up_commands_parse_their_answers()
    {
        await using var h = new EngineHarness();
        h.Module
            .On("AT+CGATT?", "\r\n+CGATT: 1\r\n\r\nOK\r\n")
            .On("AT+CEREG?", "\r\n+CEREG: 0,5\r\n\r\nOK\r\n")
            .On("AT+CSTT", "\r\nOK\r\n")
            .On("AT+CIICR", "\r\nOK\r\n")
            .On("AT+CFUN?", "\r\n+CFUN: 1\r\n\r\nOK\r\n")
            .On("AT+SAPBR=0,1", "\r\n+CME ERROR: 3\r\n");

        Assert.True(await h.Modem.Network.IsAttachedAsync().Guarded());
        Assert.Equal(5, await h.Modem.Network.GetPacketRegistrationAsync().Guarded());
        await h.Modem.Network.SetApnAsync().Guarded();
        await h.Modem.Network.ActivateContextAsync().Guarded();
        Assert.Equal(1, await h.Modem.Network.GetFunctionalityAsync().Guarded());
        Assert.False(await h.Modem.Network.CloseBearerAsync().Guarded());
    }

    [Fact]
    public async Task Url_with_a_quote_is_refused_before_sending()
    {
        await using var h = new EngineHarness();

        var error = await Assert.ThrowsAsync<AtArgumentException>(() => h.Modem.Http.SetUrlAsync("http://x/\"y")).Guarded();

        Assert.Contains("URL contains a double quote", error.Message);
        Assert.Empty(h.Module.Commands);
    }
}
