using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>aLiYunOta's connect side: version report, upgrade topic, and a validated upgrade push.</summary>
public sealed class OtaTests
{
    private const string Pk = TestRegistry.ProductKey;
    private const string Dn = TestRegistry.DeviceName;

    public OtaTests() => LogCapture.Install();

    [Fact]
    public async Task Connect_reports_the_version_and_an_upgrade_push_is_validated_and_logged()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var project = LuaProject.WithMain(FlowScripts.Direct() + "\nrequire \"aLiYunOta\"\n");
        await using var run = world.Run(project);

        var inform = await world.Cloud.Messages.WaitForAsync(m => m.Topic == $"/ota/device/inform/{Pk}/{Dn}").WaitAsync(LuaRun.HangGuard);
        Assert.Equal("{\"id\":1,\"params\":{\"version\":\"E2E_1.0.0_Luat_V0037_RDA8910_FLOAT\"}}", inform.PayloadText);
        Assert.Equal(1, inform.Qos);
        await run.WaitForLineAsync("[e2e.published]", "true", "q1"); // the upgrade topic was subscribed before the publishes

        await world.Cloud.PublishToDeviceAsync(Pk, Dn, $"/ota/device/upgrade/{Pk}/{Dn}", "{\"code\":\"1000\",\"data\":{\"size\":432945}}", 1);
        await run.WaitForLineAsync("[W]-[aLiYunOta]", "ignored an upgrade push", "data.version is missing");

        await world.Cloud.PublishToDeviceAsync(Pk, Dn, $"/ota/device/upgrade/{Pk}/{Dn}",
            "{\"code\":\"1000\",\"data\":{\"size\":432945,\"version\":\"E2E_1.0.1\",\"url\":\"https://ota.example.com/fw.bin?Signature=x\","
            + "\"md5\":\"93230c3bde425a9d7984a594ac55ea1e\",\"signMethod\":\"MD5\"},\"id\":1626969597470,\"message\":\"success\"}", 1);
        var line = await run.WaitForLineAsync("[I]-[aLiYunOta]", "upgrade to E2E_1.0.1 announced", "432945 bytes", "downloading");
        Assert.DoesNotContain("Signature", line, StringComparison.Ordinal);
        Assert.Equal(0, run.Count("[e2e.receive]"));
    }
}
