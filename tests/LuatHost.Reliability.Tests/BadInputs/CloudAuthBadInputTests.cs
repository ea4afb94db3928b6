using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// R3, account mistakes the local cloud finds: a disabled device, HTTP auth and dynamic registration with wrong secrets.
/// A refused login is retried forever, as Luat's lib does, so each run is ended at the
/// first line that names the problem (<c>--for</c> is only the safety net that would end it with 0).
/// </summary>
public sealed class CloudAuthBadInputTests(ITestOutputHelper output)
{
    private static readonly BadInputCase[] Cases =
    [
        new("disabled device", 0, "disabled",
            f => ["run", BadInputProjects.AliyunProject(f,
                registryDevice: $"{{\"deviceName\":\"{BadInputProjects.DeviceName}\",\"deviceSecret\":\"{BadInputProjects.DeviceSecret}\",\"enabled\":false,\"activated\":false}}"),
                .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
        new("HTTP auth with a wrong DeviceSecret", 0, "460 = wrong DeviceSecret",
            f => ["run", BadInputProjects.DemoWithChange(f, "aliyun-http", "testALiYun.lua",
                "\"iWACqPLq90zRsiEhMSdPWHV8gaRAJ78O\"", "\"WRONGWRONGWRONGWRONGWRONGWRONG00\""), .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
        new("dynamic registration with a wrong ProductSecret", 0, "460 = wrong ProductSecret",
            f => ["run", BadInputProjects.DemoWithChange(f, "aliyun-dynreg", "testALiYun.lua",
                "\"VWll9fiYWKiwraBk\"", "\"WRONGWRONGWRONG1\""), .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Account_mistake_is_reported_in_one_line_naming_it(string name) =>
        BadInputAssertions.RunAsync(Cases.Single(c => c.Name == name), output);
}
