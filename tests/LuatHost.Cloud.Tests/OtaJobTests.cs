using LuatHost.Cloud.Tests.Support;
using LuatHost.Sim.Cloud.Ota;

namespace LuatHost.Cloud.Tests;

/// <summary>OTA jobs over MQTT with a real MQTTnet device (topics and fields: docs/aliyun-iot.md §4.4 and appendix).</summary>
public sealed class OtaJobTests
{
    private const string Inform = "/ota/device/inform/" + Tutorial.ProductKey + "/" + Tutorial.DeviceName;
    private const string Progress = "/ota/device/progress/" + Tutorial.ProductKey + "/" + Tutorial.DeviceName;

    [Fact]
    public async Task Push_carries_aliyuns_upgrade_fields_and_the_package_md5()
    {
        await using var test = await TestCloud.StartAsync();
        var (path, md5, bytes) = OtaDevice.Package(test, 4096);
        using var device = await OtaDevice.ConnectAsync(test, OtaDevice.UpgradeTopic);

        test.Cloud.Ota.Push(Tutorial.ProductKey, Tutorial.DeviceName, path, "2.0.0", "MCU");
        var push = await device.NextAsync(OtaDevice.UpgradeTopic);

        Assert.Equal("1000", (string)push["code"]!);
        Assert.Equal("success", (string)push["message"]!);
        Assert.True((long)push["id"]! > 0);
        var data = push["data"]!.AsObject();
        Assert.Equal(bytes.Length, (long)data["size"]!);
        Assert.Equal("2.0.0", (string)data["version"]!);
        Assert.Equal(md5, (string)data["md5"]!);
        Assert.Equal(md5, (string)data["sign"]!);
        Assert.Equal("Md5", (string)data["signMethod"]!);
        Assert.Equal("MCU", (string)data["module"]!);
        var url = new Uri((string)data["url"]!);
        Assert.Equal("https", url.Scheme);
        Assert.EndsWith(".aliyuncs.com", url.Host, StringComparison.Ordinal);
        Assert.Contains("Expires=", url.Query, StringComparison.Ordinal);
        Assert.Contains("Signature=", url.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Progress_is_recorded_and_the_job_is_done_when_the_target_version_is_reported()
    {
        await using var test = await TestCloud.StartAsync();
        var (path, _, _) = OtaDevice.Package(test, 1000);
        using var device = await OtaDevice.ConnectAsync(test, OtaDevice.UpgradeTopic);
        test.Cloud.Ota.Push(Tutorial.ProductKey, Tutorial.DeviceName, path, "2.0.0");
        await device.NextAsync(OtaDevice.UpgradeTopic);

        await device.PublishAsync(Progress, "{\"id\":1,\"params\":{\"step\":\"33.333333333333\",\"desc\":\"\"}}");
        await device.PublishAsync(Progress, "{\"id\":1,\"params\":{\"step\":\"100\",\"desc\":\"0\"}}");
        await device.PublishAsync(Inform, "{\"id\":1,\"params\":{\"version\":\"2.0.0\"}}");
        await test.Cloud.Messages.WaitForAsync(m => m.Topic == Inform).WaitAsync(TimeSpan.FromSeconds(30));

        var job = Assert.Single(test.Cloud.Ota.Jobs());
        Assert.Equal(["33.333333333333", "100"], job.Progress.Select(p => p.Step));
        Assert.Equal(OtaJobState.Done, job.State);
        Assert.Equal("2.0.0", job.DeviceVersion);
    }

    [Fact]
    public async Task Reconnect_with_an_older_version_gets_the_push_again_and_a_done_job_is_not_pushed()
    {
        await using var test = await TestCloud.StartAsync();
        var (path, _, _) = OtaDevice.Package(test, 1000);
        using (var first = await OtaDevice.ConnectAsync(test, OtaDevice.UpgradeTopic))
        {
            await first.PublishAsync(Inform, "{\"id\":1,\"params\":{\"version\":\"1.0.0\"}}");
            test.Cloud.Ota.Push(Tutorial.ProductKey, Tutorial.DeviceName, path, "2.0.0");
            await first.NextAsync(OtaDevice.UpgradeTopic);
            await first.Client.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptions());
        }

        using var second = await OtaDevice.ConnectAsync(test, OtaDevice.UpgradeTopic);
        var again = await second.NextAsync(OtaDevice.UpgradeTopic);
        await second.PublishAsync(Inform, "{\"id\":1,\"params\":{\"version\":\"2.0.0\"}}");
        await WaitForState(test, OtaJobState.Done);
        await second.Client.DisconnectAsync(new MQTTnet.MqttClientDisconnectOptions());
        using var third = await OtaDevice.ConnectAsync(test, OtaDevice.UpgradeTopic);

        Assert.Equal("2.0.0", (string)again["data"]!["version"]!);
        Assert.Equal(2, test.Cloud.Ota.Jobs().Single().Pushes);
        Assert.True(await third.StaysQuietAsync(OtaDevice.UpgradeTopic, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task A_job_for_an_offline_device_is_pushed_when_it_subscribes()
    {
        await using var test = await TestCloud.StartAsync();
        var (path, _, _) = OtaDevice.Package(test, 1000);

        var created = test.Cloud.Ota.Push(Tutorial.ProductKey, Tutorial.DeviceName, path, "2.0.0");
        using var device = await OtaDevice.ConnectAsync(test, OtaDevice.UpgradeTopic);
        var push = await device.NextAsync(OtaDevice.UpgradeTopic);

        Assert.Equal(OtaJobState.Waiting, created.State);
        Assert.Equal("2.0.0", (string)push["data"]!["version"]!);
    }

    [Fact]
    public async Task Firmware_get_is_answered_with_the_pending_job_or_empty_data()
    {
        await using var test = await TestCloud.StartAsync();
        var (path, md5, _) = OtaDevice.Package(test, 1000);
        var reply = OtaDevice.ThingPrefix + "ota/firmware/get_reply";
        using var device = await OtaDevice.ConnectAsync(test, reply);

        await device.PublishAsync(OtaDevice.ThingPrefix + "ota/firmware/get", "{\"id\":\"7\",\"params\":{}}");
        var empty = await device.NextAsync(reply);
        test.Cloud.Ota.Push(Tutorial.ProductKey, Tutorial.DeviceName, path, "2.0.0");
        await device.PublishAsync(OtaDevice.ThingPrefix + "ota/firmware/get",
            "{\"id\":8,\"version\":\"1.0\",\"params\":{},\"method\":\"thing.ota.firmware.get\"}");
        var pending = await device.NextAsync(reply);

        Assert.Equal("7", (string)empty["id"]!);
        Assert.Equal(200, (int)empty["code"]!);
        Assert.Empty(empty["data"]!.AsObject());
        Assert.Equal(8, (int)pending["id"]!);
        Assert.Equal(md5, (string)pending["data"]!["md5"]!);
    }

    [Fact]
    public void Package_file_that_is_missing_or_empty_is_named()
    {
        var directory = Directory.CreateTempSubdirectory("luathost-ota-bad");
        var empty = Path.Combine(directory.FullName, "empty.bin");
        File.WriteAllBytes(empty, []);
        try
        {
            Assert.Contains("does not exist", Assert.Throws<ArgumentException>(() => OtaPackage.FromFile(Path.Combine(directory.FullName, "nope.bin"))).Message,
                StringComparison.Ordinal);
            Assert.Contains("is empty", Assert.Throws<ArgumentException>(() => OtaPackage.FromFile(empty)).Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    // Woken by the service's JobChanged event.
    private static Task WaitForState(TestCloud test, OtaJobState state) => HangGuard.UntilAsync(look =>
        {
            Action<OtaJobView> changed = _ => look();
            test.Cloud.Ota.JobChanged += changed;
            return () => test.Cloud.Ota.JobChanged -= changed;
        },
        () => test.Cloud.Ota.Jobs().Single().State == state,
        () => $"job state stayed {test.Cloud.Ota.Jobs().Single().State}, never {state}");
}
