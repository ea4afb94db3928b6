using LuatHost.Sim.Tests.Infrastructure;
using NLog;
using NLog.Config;
using NLog.Targets;

namespace LuatHost.Sim.Tests;

/// <summary>The virtual module's own debug log shows each command but none of the secrets it carries.</summary>
public sealed class LogRedactionTests
{
    [Fact]
    public async Task Module_command_log_masks_mqtt_and_apn_passwords_and_the_sn()
    {
        var memory = new MemoryTarget("module-command-log") { Layout = "${message}" };
        var config = LogManager.Configuration ?? new LoggingConfiguration();
        config.AddRule(LogLevel.Debug, LogLevel.Fatal, memory, "LuatHost.Sim.Module.VirtualModule");
        LogManager.Configuration = config;
        await using (var wire = await ModuleWire.StartAsync())
        {
            await wire.ExchangeAsync("AT+CSTT=\"cmnet\",\"apnuser\",\"ApnSecret-4711\"", "AT+CSTT=\"cmnet\",\"apnuser\",\"ApnSecret-4711\"\r\r\nOK\r\n");
            await wire.ExchangeAsync("AT+MCONFIG=\"cid\",\"user\",\"MqttSecret-4711\"", "AT+MCONFIG=\"cid\",\"user\",\"MqttSecret-4711\"\r\r\nOK\r\n");
            await wire.ExchangeAsync("AT+WISN=\"SnSecret-4711\"", "AT+WISN=\"SnSecret-4711\"\r\r\nOK\r\n");
        }
        LogManager.Flush();
        var log = string.Join("\n", memory.Logs);

        Assert.Contains("AT+CSTT=\"cmnet\",\"apnuser\",***", log);
        Assert.Contains("AT+MCONFIG=\"cid\",\"user\",***", log);
        Assert.Contains("AT+WISN=***", log);
        Assert.DoesNotContain("Secret-4711", log);
    }

    [Fact]
    public void Mqtt_session_settings_print_without_the_password()
    {
        var settings = new Sim.Module.Mqtt.MqttSessionSettings("cid", "dn&pk", "MqttSecret-4711", true, 240, null, null, 0, false);

        Assert.DoesNotContain("MqttSecret-4711", settings.ToString());
        Assert.Contains("UserName = dn&pk", settings.ToString());
    }
}
