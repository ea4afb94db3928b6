using System.Text.Json.Nodes;
using LuatHost.Aliyun.Signing;
using LuatHost.Cloud.Tests.Support;
using LuatHost.Sim.Cloud.Http;
using LuatHost.Sim.Cloud.Registry;
using MQTTnet;

namespace LuatHost.Cloud.Tests;

/// <summary>Tests that change the registry (dynamic registration, activation, disabled devices, kicks): one cloud each.</summary>
public sealed class RegistryStateTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Dynamic_registration_returns_a_secret_then_refuses_as_already_activated()
    {
        await using var test = await TestCloud.StartAsync();
        using var http = LoopbackHttp.Create(test.Cloud.Certificate);
        var url = $"https://{Tutorial.AuthHost}:{test.Cloud.HttpsEndpoint.Port}/auth/register/device";
        var tutorialBody = Vectors.Bodies.Single(b => b.Length == 120);

        var first = await LoopbackHttp.PostFormAsync(http, url, new FormBody(tutorialBody.Body, tutorialBody.Length));
        var second = await LoopbackHttp.PostFormAsync(http, url, new FormBody(tutorialBody.Body, tutorialBody.Length));

        Assert.Equal(200, (int)first["code"]!);
        var secret = (string)first["data"]!["deviceSecret"]!;
        Assert.Equal(32, secret.Length);
        Assert.Equal(Tutorial.DynDeviceName, (string)first["data"]!["deviceName"]!);
        Assert.Equal(AuthCodes.AlreadyActivated, (int)second["code"]!);
        Assert.Contains("already activated", (string)second["message"]!, StringComparison.Ordinal);

        // The secret is stored in the registry file and works for a direct connection.
        var stored = TestCloud.Device(JsonNode.Parse(await File.ReadAllTextAsync(test.RegistryPath))!.AsObject(), Tutorial.DynProductKey, Tutorial.DynDeviceName);
        Assert.Equal(secret, (string)stored["deviceSecret"]!);
        Assert.True((bool)stored["activated"]!);
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.DynProductKey, Tutorial.DynDeviceName, secret);
        var (client, code) = await MqttDevice.ConnectAsync(test.Cloud.MqttEndpoint, credentials.ClientId, credentials.Username, credentials.Password);
        using var _ = client;
        Assert.Equal(MqttClientConnectResultCode.Success, code);
    }

    public static TheoryData<string> RegistrationVectors() =>
        new(Vectors.Signs.Where(v => v.Content.StartsWith("deviceName", StringComparison.Ordinal)).Select(v => v.Name));

    [Theory]
    [MemberData(nameof(RegistrationVectors))]
    public async Task Dynamic_registration_accepts_every_registration_vector_and_refuses_it_altered(string name)
    {
        var vector = Vectors.Sign(name);
        await using var test = await TestCloud.StartAsync();
        using var http = LoopbackHttp.Create(test.Cloud.Certificate);
        var url = $"http://127.0.0.1:{test.Cloud.HttpEndpoint.Port}/auth/register/device";
        var method = SignMethods.Parse(vector.Alg).ToRegisterName();
        FormBody Body(string sign) => FormBody.From(
        [
            ("productKey", Tutorial.DynProductKey), ("deviceName", Tutorial.DynDeviceName), ("random", "123456"),
            ("sign", sign), ("signMethod", method),
        ]);

        var refused = await LoopbackHttp.PostFormAsync(http, url, Body((vector.Hex[0] == '0' ? "1" : "0") + vector.Hex[1..]));
        var accepted = await LoopbackHttp.PostFormAsync(http, url, Body(vector.Hex));

        Assert.Equal(AuthCodes.ParameterError, (int)refused["code"]!);
        Assert.Equal(200, (int)accepted["code"]!);
    }

    [Fact]
    public async Task Dynamic_registration_is_refused_when_the_product_switch_is_off()
    {
        await using var test = await TestCloud.StartAsync(registry =>
            registry["products"]!.AsArray().Select(p => p!.AsObject()).Single(p => (string)p["productKey"]! == Tutorial.DynProductKey)["dynamicRegistration"] = false);
        using var http = LoopbackHttp.Create(test.Cloud.Certificate);
        var body = AuthRequestBodies.RegisterDevice(Tutorial.DynProductKey, Tutorial.DynDeviceName, Tutorial.DynProductSecret, "123456");

        var reply = await LoopbackHttp.PostFormAsync(http, $"http://127.0.0.1:{test.Cloud.HttpEndpoint.Port}/auth/register/device", body);

        Assert.Equal(AuthCodes.DynamicRegistrationDisabled, (int)reply["code"]!);
    }

    [Fact]
    public async Task Disabled_device_is_refused_by_http_auth_with_6204_and_by_mqtt_with_connack_5()
    {
        await using var test = await TestCloud.StartAsync(registry =>
            TestCloud.Device(registry, Tutorial.ProductKey, Tutorial.DeviceName)["enabled"] = false);
        using var http = LoopbackHttp.Create(test.Cloud.Certificate);
        var body = AuthRequestBodies.DeviceNameAuth(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);

        var reply = await LoopbackHttp.PostFormAsync(http, $"http://127.0.0.1:{test.Cloud.HttpEndpoint.Port}/auth/devicename", body);
        var (client, code) = await MqttDevice.ConnectAsync(test.Cloud.MqttEndpoint, credentials.ClientId, credentials.Username, credentials.Password);
        using var _ = client;

        Assert.Equal(AuthCodes.DeviceDisabled, (int)reply["code"]!);
        Assert.Equal(MqttClientConnectResultCode.NotAuthorized, code);
    }

    [Fact]
    public async Task Second_connection_of_a_device_kicks_the_first()
    {
        await using var test = await TestCloud.StartAsync();
        var first = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);
        var second = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret, clientId: "second-link");
        var (firstClient, firstCode) = await MqttDevice.ConnectAsync(test.Cloud.MqttEndpoint, first.ClientId, first.Username, first.Password);
        using var _ = firstClient;
        Assert.Equal(MqttClientConnectResultCode.Success, firstCode);
        var kicked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        firstClient.DisconnectedAsync += _ =>
        {
            kicked.TrySetResult();
            return Task.CompletedTask;
        };

        var (secondClient, secondCode) = await MqttDevice.ConnectAsync(test.Cloud.MqttEndpoint, second.ClientId, second.Username, second.Password);
        using var __ = secondClient;
        await kicked.Task.WaitAsync(Guard);

        Assert.Equal(MqttClientConnectResultCode.Success, secondCode);
        Assert.True(secondClient.IsConnected);
        var online = Assert.Single(test.Cloud.ConnectedClients());
        Assert.Equal(second.ClientId, online.ClientId);
    }

    [Fact]
    public async Task First_successful_connect_marks_the_device_activated_in_the_registry_file()
    {
        await using var test = await TestCloud.StartAsync();
        var credentials = MqttCredentials.ForDirectConnect(Tutorial.ProductKey, Tutorial.DeviceName, Tutorial.DeviceSecret);
        Assert.False(test.Cloud.Registry.FindDevice(Tutorial.ProductKey, Tutorial.DeviceName)!.Activated);

        var (client, code) = await MqttDevice.ConnectAsync(test.Cloud.MqttEndpoint, credentials.ClientId, credentials.Username, credentials.Password);
        using var _ = client;
        // The subscribe round trip orders after the broker's connected handler, which activates the device.
        await client.SubscribeAsync("/a1mxL3s6Z7m/866714043075174/user/get");

        Assert.Equal(MqttClientConnectResultCode.Success, code);
        var device = test.Cloud.Devices().Single(d => d.DeviceName == Tutorial.DeviceName);
        Assert.True(device.Activated);
        Assert.True(device.Online);
        var stored = TestCloud.Device(JsonNode.Parse(await File.ReadAllTextAsync(test.RegistryPath))!.AsObject(), Tutorial.ProductKey, Tutorial.DeviceName);
        Assert.True((bool)stored["activated"]!);
    }

    [Fact]
    public void Registry_writes_are_atomic_and_owner_only()
    {
        var directory = Path.Combine(Path.GetTempPath(), "luathost-cloud-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "registry.json");
        File.WriteAllText(path, DeviceRegistry.SampleJson());
        try
        {
            var registry = DeviceRegistry.Load(path);

            var secret = registry.IssueDeviceSecret(Tutorial.DynProductKey, Tutorial.DynDeviceName);

            Assert.Equal([path], Directory.GetFiles(directory)); // no temp file left behind
            var reloaded = DeviceRegistry.Load(path).FindDevice(Tutorial.DynProductKey, Tutorial.DynDeviceName)!;
            Assert.Equal(secret, reloaded.DeviceSecret);
            Assert.True(reloaded.Activated);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Device_records_never_print_their_secret()
    {
        var device = DeviceRegistry.LoadSample().FindDevice(Tutorial.ProductKey, Tutorial.DeviceName)!;

        Assert.DoesNotContain(Tutorial.DeviceSecret, device.ToString(), StringComparison.Ordinal);
    }
}
