using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LuatHost.Console.Tests.Support;
using LuatHost.Sim.Cloud.Console;
using static LuatHost.Console.Tests.Support.TutorialRegistry;

namespace LuatHost.Console.Tests;

/// <summary>Every console endpoint over real HTTP against the real local cloud and its registry file.</summary>
public sealed class ConsoleEndpointTests : IAsyncLifetime
{
    private ConsoleWorld _world = null!;

    public async Task InitializeAsync() => _world = await ConsoleWorld.StartAsync(Json);

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private HttpClient Http => _world.Http;

    private async Task<JsonElement> GetJsonAsync(string path) => JsonDocument.Parse(await Http.GetStringAsync(path)).RootElement;

    private JsonDocument RegistryFile() => JsonDocument.Parse(File.ReadAllText(_world.RegistryPath));

    [Fact]
    public async Task Product_list_shows_products_and_devices_but_no_secret()
    {
        var body = await Http.GetStringAsync("/api/products");

        var products = JsonDocument.Parse(body).RootElement;
        Assert.Equal([ProductKey, DynamicProductKey], products.EnumerateArray().Select(p => p.GetProperty("productKey").GetString()));
        var device = products[0].GetProperty("devices")[0];
        Assert.Equal(DeviceName, device.GetProperty("deviceName").GetString());
        Assert.True(device.GetProperty("hasSecret").GetBoolean());
        Assert.False(device.GetProperty("online").GetBoolean());
        Assert.DoesNotContain(DeviceSecret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(ProductSecret, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secrets_come_only_from_their_own_endpoints_when_asked()
    {
        Assert.Equal(DeviceSecret, (await GetJsonAsync($"/api/devices/{ProductKey}/{DeviceName}/secret")).GetProperty("deviceSecret").GetString());
        Assert.Equal(ProductSecret, (await GetJsonAsync($"/api/products/{DynamicProductKey}/secret")).GetProperty("productSecret").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/devices/{ProductKey}/nosuchdevice/secret")).StatusCode);
    }

    [Fact]
    public async Task Creating_a_product_with_dynamic_registration_writes_the_registry_file_owner_only()
    {
        var response = await Http.PostAsJsonAsync("/api/products", new { dynamicRegistration = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("productKey").GetString()!;
        Assert.Matches("^[a-z][A-Za-z0-9]{10}$", key);
        using var file = RegistryFile();
        var stored = file.RootElement.GetProperty("products").EnumerateArray().Single(p => p.GetProperty("productKey").GetString() == key);
        Assert.True(stored.GetProperty("dynamicRegistration").GetBoolean());
        Assert.Equal(16, stored.GetProperty("productSecret").GetString()!.Length);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_world.RegistryPath));
    }

    [Fact]
    public async Task Creating_a_product_with_a_given_key_keeps_it_and_refuses_a_duplicate()
    {
        Assert.Equal(HttpStatusCode.Created, (await Http.PostAsJsonAsync("/api/products", new { productKey = "a1B2c3D4e5F", dynamicRegistration = false })).StatusCode);

        var duplicate = await Http.PostAsJsonAsync("/api/products", new { productKey = "a1B2c3D4e5F", dynamicRegistration = false });

        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("already exists", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short")]
    [InlineData("a1mxL3s6Z7m2")]
    [InlineData("a1mx-3s6Z7m")]
    public async Task A_product_key_that_is_not_11_letters_or_digits_is_refused_with_the_rule(string key)
    {
        var response = await Http.PostAsJsonAsync("/api/products", new { productKey = key, dynamicRegistration = false });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(AliyunNameRules.ProductKeyRule, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("a23456789012345678901234567890123")]
    [InlineData("has space")]
    [InlineData("设备一号")]
    [InlineData("slash/name")]
    public async Task A_device_name_breaking_aliyuns_rule_is_refused_with_the_rule(string name)
    {
        var response = await Http.PostAsJsonAsync($"/api/products/{ProductKey}/devices", new { deviceName = name });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var refusal = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("4–32 characters of letters, digits and - _ . @ :", refusal.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal("deviceName", refusal.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_device_added_to_a_one_secret_per_device_product_gets_a_32_character_secret_at_once()
    {
        // Every special character Aliyun's rule allows, at the 32-character limit.
        const string name = "dev-1_a.b@c:d-0123456789abcdefgh";

        var response = await Http.PostAsJsonAsync($"/api/products/{ProductKey}/devices", new { deviceName = name });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var secret = (await GetJsonAsync($"/api/devices/{ProductKey}/{Uri.EscapeDataString(name)}/secret")).GetProperty("deviceSecret").GetString();
        Assert.Matches("^[A-Za-z0-9]{32}$", secret);
        Assert.Contains(secret!, File.ReadAllText(_world.RegistryPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_device_added_to_a_dynamic_registration_product_waits_for_its_secret()
    {
        await Http.PostAsJsonAsync($"/api/products/{DynamicProductKey}/devices", new { deviceName = "862991419835242" });

        var secret = await GetJsonAsync($"/api/devices/{DynamicProductKey}/862991419835242/secret");

        Assert.Equal(JsonValueKind.Null, secret.GetProperty("deviceSecret").ValueKind);
    }

    [Fact]
    public async Task Disabling_an_online_device_takes_it_offline_at_once()
    {
        await using var script = await _world.RunScriptAsync(ConsoleBrowserTests.TutorialScript(DeviceSecret));
        await script.WaitForLineAsync("testALiYun.connectCbFnc", "true");
        // MQTTnet reports a session opened or closed on its own task (the device may see CONNACK first): wait for
        // each change, bounded by the hang guard.
        await OnlineAsync(online: true, "the device never showed as online");

        var response = await Http.PutAsJsonAsync($"/api/devices/{ProductKey}/{DeviceName}/enabled", new { enabled = false });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await OnlineAsync(online: false, "the disabled device is still online");
        var devices = (await GetJsonAsync("/api/products")).EnumerateArray().Single(p => p.GetProperty("productKey").GetString() == ProductKey)
            .GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("deviceName").GetString() == DeviceName);
        Assert.False(devices.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Disabling_a_device_is_stored_and_the_cloud_then_refuses_its_http_auth()
    {
        // The tutorial's HTTP auth request, signed as the tutorial shows (sign 161d9143…): accepted while enabled.
        using var auth = new HttpClient { BaseAddress = _world.Cloud.HttpBaseUri };
        var body = $"productKey={ProductKey}&sign=161d9143f5a4ea3f9ab60614583fd1d7&clientId={DeviceName}&deviceName={DeviceName}";
        Task<string> AuthenticateAsync() => auth.PostAsync("/auth/devicename", new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"))
            .ContinueWith(t => t.Result.Content.ReadAsStringAsync()).Unwrap();
        Assert.Contains("\"code\":200", await AuthenticateAsync(), StringComparison.Ordinal);

        var response = await Http.PutAsJsonAsync($"/api/devices/{ProductKey}/{DeviceName}/enabled", new { enabled = false });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        using var file = RegistryFile();
        Assert.False(file.RootElement.GetProperty("products")[0].GetProperty("devices")[0].GetProperty("enabled").GetBoolean());
        Assert.Contains("is disabled", await AuthenticateAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_device_removes_it_from_the_list_and_the_file()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/devices/{ProductKey}/{DeviceName}")).StatusCode);

        Assert.Equal(0, (await GetJsonAsync("/api/products"))[0].GetProperty("devices").GetArrayLength());
        Assert.DoesNotContain(DeviceSecret, File.ReadAllText(_world.RegistryPath), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.DeleteAsync($"/api/devices/{ProductKey}/{DeviceName}")).StatusCode);
    }

    [Fact]
    public async Task Deleting_a_product_removes_it_and_its_devices()
    {
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/products/{DynamicProductKey}")).StatusCode);

        Assert.Null(_world.Cloud.Registry.FindProduct(DynamicProductKey));
        Assert.DoesNotContain(ProductSecret, File.ReadAllText(_world.RegistryPath), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topics_offer_what_the_device_may_subscribe_to_including_the_tutorials_user_get()
    {
        var topics = await GetJsonAsync($"/api/devices/{ProductKey}/{DeviceName}/topics");

        var subscribe = topics.GetProperty("subscribe").EnumerateArray().Select(t => t.GetString()).ToArray();
        Assert.Contains($"/{ProductKey}/{DeviceName}/user/get", subscribe);
        Assert.Contains($"/{ProductKey}/{DeviceName}/user/update", topics.GetProperty("publish").EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public async Task Publishing_logs_a_downstream_message_with_text_and_hex()
    {
        var topic = $"/{ProductKey}/{DeviceName}/user/get";

        var response = await Http.PostAsJsonAsync($"/api/devices/{ProductKey}/{DeviceName}/publish", new { topic, qos = 1, payload = "HelloWorld" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("online").GetBoolean());
        var row = (await GetJsonAsync("/api/messages")).EnumerateArray().Single();
        Assert.Equal("down", row.GetProperty("direction").GetString());
        Assert.Equal(topic, row.GetProperty("topic").GetString());
        Assert.Equal(1, row.GetProperty("qos").GetInt32());
        Assert.Equal("HelloWorld", row.GetProperty("text").GetString());
        Assert.Equal("48656C6C6F576F726C64", row.GetProperty("hex").GetString());
    }

    [Fact]
    public async Task A_hex_payload_is_sent_as_bytes_and_shown_only_as_hex()
    {
        await Http.PostAsJsonAsync($"/api/devices/{ProductKey}/{DeviceName}/publish",
            new { topic = $"/{ProductKey}/{DeviceName}/user/get", qos = 0, payloadHex = "00 FF 10" });

        var row = (await GetJsonAsync("/api/messages")).EnumerateArray().Single();
        Assert.Equal("00FF10", row.GetProperty("hex").GetString());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("text").ValueKind);
    }

    [Theory]
    [InlineData("/a1mxL3s6Z7m/866714043075174/user/get", 2, "HelloWorld", null, "QoS 2")]
    [InlineData("/sys/a1mxL3s6Z7m/866714043075174/thing/#", 0, "x", null, "wildcard")]
    [InlineData("", 0, "x", null, "topic is required")]
    [InlineData("/a1mxL3s6Z7m/866714043075174/user/get", 0, null, "4G", "hex digits")]
    public async Task A_bad_publish_is_refused_with_the_reason(string topic, int qos, string? payload, string? payloadHex, string reason)
    {
        var response = await Http.PostAsJsonAsync($"/api/devices/{ProductKey}/{DeviceName}/publish", new { topic, qos, payload, payloadHex });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(_world.Cloud.Messages.Snapshot());
    }

    [Fact]
    public async Task The_event_stream_sends_the_product_list_then_each_new_message()
    {
        using var stream = new StreamReader(await Http.GetStreamAsync("/api/events"));
        Assert.Equal("event: products", await stream.ReadLineAsync().WaitAsync(ConsoleWorld.HangGuard));
        Assert.Contains(DeviceName, await stream.ReadLineAsync(), StringComparison.Ordinal);

        await _world.Cloud.PublishToDeviceAsync(ProductKey, DeviceName, $"/{ProductKey}/{DeviceName}/user/get", "pushed");

        string? line;
        do line = await stream.ReadLineAsync().WaitAsync(ConsoleWorld.HangGuard);
        while (line != "event: message");
        var data = JsonDocument.Parse((await stream.ReadLineAsync())!["data: ".Length..]).RootElement;
        Assert.Equal("pushed", data.GetProperty("text").GetString());
        Assert.Equal("down", data.GetProperty("direction").GetString());
    }

    [Theory]
    [InlineData("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN")]
    [InlineData("en-US,en;q=0.9,zh-CN;q=0.8", "en")]
    [InlineData("en;q=0.5,zh-TW", "zh-CN")]
    [InlineData(null, "en")]
    public async Task The_page_is_chinese_when_the_browser_prefers_chinese(string? acceptLanguage, string lang)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (acceptLanguage is not null) request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);

        var html = await (await Http.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.Contains($"<html lang=\"{lang}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_script_and_style_are_served_with_their_content_types()
    {
        var script = await Http.GetAsync("/console.js");
        var style = await Http.GetAsync("/console.css");

        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("EventSource", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/css", style.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task A_request_for_another_host_name_is_refused_against_dns_rebinding()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/products");
        request.Headers.Host = "attacker.example";

        var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
        Assert.DoesNotContain(DeviceName, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_listens_on_loopback_only_by_default()
    {
        Assert.Equal("127.0.0.1", _world.Console.Url.Host);
        var lanAddress = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(n => n.GetIPProperties().UnicastAddresses).Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));
        if (lanAddress is null) return; // no other interface to try from
        using var client = new System.Net.Sockets.TcpClient();
        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => client.ConnectAsync(lanAddress, _world.Console.Url.Port));
    }

    [Fact]
    public async Task A_second_console_on_a_busy_port_names_the_port_and_the_option_to_choose_another()
    {
        var error = await Assert.ThrowsAsync<ConsoleBindException>(() =>
            ConsoleServer.StartAsync(_world.Cloud, new ConsoleOptions { Port = _world.Console.Url.Port }));

        Assert.Contains($"port {_world.Console.Url.Port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--console-port", error.Message, StringComparison.Ordinal);
    }

    // Woken by the cloud's ConnectedClientsChanged.
    private Task OnlineAsync(bool online, string failure) => HangGuard.UntilAsync(look =>
        {
            _world.Cloud.ConnectedClientsChanged += look;
            return () => _world.Cloud.ConnectedClientsChanged -= look;
        },
        () => _world.Cloud.ConnectedClients().Any(c => c.DeviceName == DeviceName) == online,
        () => failure);
}
