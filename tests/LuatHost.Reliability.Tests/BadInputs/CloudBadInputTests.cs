using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// R3, MQTT login mistakes the local cloud finds: a wrong DeviceSecret, an unknown product or device.
/// A refused login is retried forever, as Luat's lib does, so each run is ended at the
/// first line that names the problem (<c>--for</c> is only the safety net that would end it with 0).
/// </summary>
public sealed class CloudBadInputTests(ITestOutputHelper output)
{
    private static readonly BadInputCase[] Cases =
    [
        new("wrong device secret", 0, "the DeviceSecret the getter returns",
            f => ["run", BadInputProjects.AliyunProject(f, deviceSecret: "WRONGSECRETWRONGSECRETWRONGSECRE"), .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
        new("unknown product", 0, "product a1mxL3s6Z7m not found",
            f => ["run", BadInputProjects.AliyunProject(f, productKeyInRegistry: "a1OtherPrdct"), .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
        new("unknown device", 0, "device 866714043075174 not found in product a1mxL3s6Z7m",
            f => ["run", BadInputProjects.AliyunProject(f,
                registryDevice: "{\"deviceName\":\"000000000000000\",\"deviceSecret\":\"x\",\"enabled\":true,\"activated\":false}"), .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Aliyun_mistake_is_reported_in_one_line_naming_it(string name) =>
        BadInputAssertions.RunAsync(Cases.Single(c => c.Name == name), output);
}
