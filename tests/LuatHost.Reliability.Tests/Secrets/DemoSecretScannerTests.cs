namespace LuatHost.Reliability.Tests.Secrets;

/// <summary>The R4 scanner must not pass vacuously: it flags each kind of leak it claims to look for.</summary>
public sealed class DemoSecretScannerTests
{
    private const string Secret = "iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O";

    [Theory]
    [InlineData("TRACE At.Trace: -> AT+SECRET=\"" + Secret + "\"")]
    [InlineData("-> AT+MCONFIG=\"dn|securemode=3|\",\"dn&pk\",\"0123456789ABCDEF0123456789ABCDEF01234567\"")]
    [InlineData("<- +HTTPREAD: 90 {\"code\":200,\"data\":{\"iotId\":\"x\",\"iotToken\":\"tok3nValue99\"}}")]
    [InlineData("-> productKey=a1&deviceName=dn&clientId=dn&sign=0A1B2C3D4E5F6071")]
    [InlineData("{\"deviceSecret\":\"abcdefgh\"}")]
    public void Scanner_flags_a_known_secret_or_an_unmasked_secret_field(string line)
    {
        Assert.NotEmpty(DemoSecretScanner.Leaks("sample", line, [Secret]));
    }

    [Theory]
    [InlineData("-> AT+MCONFIG=\"dn|securemode=3|\",\"dn&pk\",\"***\"")]
    [InlineData("<- {\"iotToken\":\"***\"}")]
    [InlineData("-> productKey=a1&deviceName=dn&sign=***")]
    public void Scanner_accepts_masked_values(string line)
    {
        Assert.Empty(DemoSecretScanner.Leaks("sample", line, [Secret]));
    }
}
