using LuatHost.Cli.Simulation;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>The shipped demos, unchanged, against the cloud `luathost run` builds for them (registry + cloud script).</summary>
public sealed class DemoTests
{
    public DemoTests() => LogCapture.Install();

    [Fact]
    public async Task Aliyun_demo_shows_the_connect_the_qos1_callback_and_the_cloud_message()
    {
        using var project = LuaProject.CopyOf("demo/aliyun");
        await using var cloud = await ProjectCloud.StartAsync(project.ProjectDirectory);
        await using var world = await AliyunWorld.AroundAsync(cloud.Cloud);
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[I]-[testALiYun.connectCbFnc]\ttrue");
        await run.WaitForLineAsync("[I]-[testALiYun.publishTestCb]\ttrue\tpublishTest_1");
        await run.WaitForLineAsync("[I]-[testALiYun.rcvCbFnc]", "/a1mxL3s6Z7m/866714043075174/get", "hello from the local cloud");
    }

    [Fact]
    public async Task Original_luat_demo_runs_unchanged_and_logs_connect_and_publish_callbacks()
    {
        using var project = LuaProject.CopyOf("demo/luat-original");
        await using var cloud = await ProjectCloud.StartAsync(project.ProjectDirectory);
        await using var world = await AliyunWorld.AroundAsync(cloud.Cloud);
        await using var run = world.Run(project);

        await run.WaitForLineAsync("[I]-[testALiYun.connectCbFnc]\ttrue");
        await run.WaitForLineAsync("[I]-[testALiYun.publishTestCb]\ttrue\tpublishTest_1");
        var published = await cloud.Cloud.Messages.WaitForAsync(m => m.Topic == "/yourProductKey/862991234567890/update").WaitAsync(LuaRun.HangGuard);
        Assert.Equal("qos1data", published.PayloadText);
    }

    [Theory]
    [InlineData("demo/aliyun-http", "[I]-[testALiYun.authCbFnc]\ttrue")]
    [InlineData("demo/aliyun-dynreg", "[I]-[testALiYun.connectCbFnc]\ttrue")]
    public async Task Http_auth_and_dynamic_registration_demos_connect_publish_and_receive(string demo, string firstLine)
    {
        using var project = LuaProject.CopyOf(demo);
        await using var cloud = await ProjectCloud.StartAsync(project.ProjectDirectory);
        await using var world = await AliyunWorld.AroundAsync(cloud.Cloud);
        await using var run = world.Run(project);

        await run.WaitForLineAsync(firstLine);
        await run.WaitForLineAsync("[I]-[testALiYun.publishTestCb]\ttrue\tpublishTest_1");
        await run.WaitForLineAsync("[I]-[testALiYun.rcvCbFnc]", "hello from the local cloud");
    }
}
