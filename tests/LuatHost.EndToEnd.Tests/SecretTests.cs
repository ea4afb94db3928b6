using LuatHost.Aliyun;
using LuatHost.Aliyun.Signing;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests;

/// <summary>DeviceSecret, ProductSecret, MQTT password and iotToken never reach a log line or the AT trace.</summary>
public sealed class SecretTests
{
    public SecretTests() => LogCapture.Install();

    [Fact]
    public async Task The_at_trace_and_every_log_line_stay_free_of_secrets_in_all_three_flows()
    {
        string? registeredSecret;
        await using (var world = await AliyunWorld.StartAsync())
        {
            using var project = LuaProject.WithMain(FlowScripts.HttpAuth());
            await using var run = world.Run(project);
            await run.WaitForLineAsync("[e2e.published]", "true", "q1");
        }
        await using (var world = await AliyunWorld.StartAsync())
        {
            using var project = LuaProject.WithMain(FlowScripts.DynamicRegistration());
            await using var run = world.Run(project);
            await run.WaitForLineAsync("[e2e.published]", "true", "q1");
            registeredSecret = world.Cloud.Registry.FindDevice(TestRegistry.DynamicProductKey, TestRegistry.DeviceName)!.DeviceSecret;
        }
        await using (var world = await AliyunWorld.StartAsync())
        {
            using var project = LuaProject.WithMain(FlowScripts.Direct());
            await using var run = world.Run(project);
            await run.WaitForLineAsync("[e2e.published]", "true", "q1");
        }

        var lines = LogCapture.Lines;
        var trace = lines.Where(l => l.StartsWith("LuatHost.At.Trace", StringComparison.Ordinal)).ToList();
        // The trace really holds the flows (so the assertions below are not vacuous) …
        Assert.Contains(trace, l => l.Contains("AT+HTTPDATA=112,20000", StringComparison.Ordinal));
        Assert.Contains(trace, l => l.Contains("AT+SSLMIPSTART=", StringComparison.Ordinal));
        Assert.Contains(trace, l => l.Contains("AT+MCONFIG=", StringComparison.Ordinal) && l.Contains("***", StringComparison.Ordinal));
        Assert.Contains(trace, l => l.Contains("\"iotToken\":\"***\"", StringComparison.Ordinal));
        // … and none of the secrets.
        var password = MqttCredentials.ForDirectConnect(TestRegistry.ProductKey, TestRegistry.DeviceName, TestRegistry.DeviceSecret,
            timestamp: AliyunDefaults.SignTimestamp).Password;
        string[] secrets = [TestRegistry.DeviceSecret, TestRegistry.ProductSecret, password, password.ToLowerInvariant(), registeredSecret!];
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(lines, l => l.Contains(secret, StringComparison.Ordinal));
        }
        Assert.DoesNotContain(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, "\"(iotToken|deviceSecret)\"\\s*:\\s*\"(?!\\*\\*\\*)"));
    }
}
