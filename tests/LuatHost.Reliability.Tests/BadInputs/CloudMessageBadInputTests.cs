using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// R3, message mistakes once connected: an oversize payload, a topic outside the device's ACL, invalid OTA JSON.
/// None ends the run (Luat keeps going), so each run is ended at the first line that names the problem (<c>--for</c> is
/// only the safety net that would end it with 0).
/// </summary>
public sealed class CloudMessageBadInputTests(ITestOutputHelper output)
{
    private static readonly BadInputCase[] Cases =
    [
        new("oversize payload", 0, "at most 4100 bytes",
            f => ["run", BadInputProjects.AliyunProject(f, onConnect: "aLiYun.publish(\"/\" .. PK .. \"/\" .. DN .. \"/update\", string.rep(\"x\", 5000), 1)"),
                .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
        new("topic outside the ACL", 0, "has no publish permission on '/a1mxL3s6Z7m/someone-else/user/update'",
            f => ["run", BadInputProjects.AliyunProject(f,
                onConnect: "aLiYun.publish(\"/\" .. PK .. \"/someone-else/user/update\", \"hi\", 1, function(r) print(\"r3 acl publish\", r) end)"),
                .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
        new("invalid OTA JSON from the cloud", 0, "ignored an upgrade push on /ota/device/upgrade/a1mxL3s6Z7m/866714043075174: the push is not JSON",
            f => ["run", BadInputProjects.AliyunProject(f, extraRequires: "require \"aLiYunOta\"",
                onConnect: "aLiYun.publish(\"/\" .. PK .. \"/\" .. DN .. \"/update\", \"go\", 1)",
                cloudScript: $$$"""
                    {"rules":[{"afterDevicePublishesTo":"/{{{BadInputProjects.ProductKey}}}/{{{BadInputProjects.DeviceName}}}/update",
                      "publish":{"productKey":"{{{BadInputProjects.ProductKey}}}","deviceName":"{{{BadInputProjects.DeviceName}}}",
                        "topic":"/ota/device/upgrade/{{{BadInputProjects.ProductKey}}}/{{{BadInputProjects.DeviceName}}}","payload":"{not json","qos":0}}]}
                    """), .. BadInputCase.UntilTheLine]) { EndsAtLine = true },
    ];

    public static TheoryData<string> CaseNames => [.. Cases.Select(c => c.Name)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public Task Message_mistake_is_reported_in_one_line_naming_it(string name) =>
        BadInputAssertions.RunAsync(Cases.Single(c => c.Name == name), output);
}
