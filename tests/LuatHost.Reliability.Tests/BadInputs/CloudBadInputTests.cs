using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// R3, Aliyun mistakes the local cloud finds. A refused login is retried forever, as Luat's lib does, so these runs
/// go on until <c>--for</c> ends them with 0; the assertion is on the line that names the problem.
/// </summary>
public sealed class CloudBadInputTests(ITestOutputHelper output)
{
    private static readonly string[] ForFewSeconds = ["--for", "5s"];

    private static readonly BadInputCase[] Cases =
    [
        new("wrong device secret", 0, "check the DeviceSecret",
            f => ["run", BadInputProjects.AliyunProject(f, deviceSecret: "WRONGSECRETWRONGSECRETWRONGSECRE"), .. ForFewSeconds]),
        new("unknown product", 0, "product a1mxL3s6Z7m not found",
            f => ["run", BadInputProjects.AliyunProject(f, productKeyInRegistry: "a1OtherPrdct"), .. ForFewSeconds]),
        new("unknown device", 0, "device 866714043075174 not found in product a1mxL3s6Z7m",
            f => ["run", BadInputProjects.AliyunProject(f,
                registryDevice: "{\"deviceName\":\"000000000000000\",\"deviceSecret\":\"x\",\"enabled\":true,\"activated\":false}"), .. ForFewSeconds]),
        new("disabled device", 0, "disabled",
            f => ["run", BadInputProjects.AliyunProject(f,
                registryDevice: $"{{\"deviceName\":\"{BadInputProjects.DeviceName}\",\"deviceSecret\":\"{BadInputProjects.DeviceSecret}\",\"enabled\":false,\"activated\":false}}"),
                .. ForFewSeconds]),
        new("oversize payload", 0, "at most 4100 bytes",
            f => ["run", BadInputProjects.AliyunProject(f, onConnect: "aLiYun.publish(\"/\" .. PK .. \"/\" .. DN .. \"/update\", string.rep(\"x\", 5000), 1)"),
                .. ForFewSeconds]),
        new("topic outside the ACL", 0, "/a1mxL3s6Z7m/someone-else/user/update",
            f => ["run", BadInputProjects.AliyunProject(f,
                onConnect: "aLiYun.publish(\"/\" .. PK .. \"/someone-else/user/update\", \"hi\", 1, function(r) print(\"r3 acl publish\", r) end)"),
                .. ForFewSeconds]),
        new("invalid OTA JSON from the cloud", 0, "OTA",
            f => ["run", BadInputProjects.AliyunProject(f, extraRequires: "require \"aLiYunOta\"",
                onConnect: "aLiYun.publish(\"/\" .. PK .. \"/\" .. DN .. \"/update\", \"go\", 1)",
                cloudScript: $$$"""
                    {"rules":[{"afterDevicePublishesTo":"/{{{BadInputProjects.ProductKey}}}/{{{BadInputProjects.DeviceName}}}/update",
                      "publish":{"productKey":"{{{BadInputProjects.ProductKey}}}","deviceName":"{{{BadInputProjects.DeviceName}}}",
                        "topic":"/ota/device/upgrade/{{{BadInputProjects.ProductKey}}}/{{{BadInputProjects.DeviceName}}}","payload":"{not json","qos":0}}]}
                    """), .. ForFewSeconds]),
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Aliyun_mistake_is_reported_in_one_line_naming_it(string name) =>
        BadInputAssertions.RunAsync(Cases.Single(c => c.Name == name), output);
}
