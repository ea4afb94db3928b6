using System.Text.Json.Nodes;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Cloud.Tests.Support;

/// <summary>A real LocalCloud on free loopback ports, backed by a registry file in a temp directory.</summary>
internal sealed class TestCloud : IAsyncDisposable
{
    private TestCloud(LocalCloud cloud, string directory)
    {
        Cloud = cloud;
        Directory = directory;
    }

    public LocalCloud Cloud { get; }

    public string Directory { get; }

    public string RegistryPath => Path.Combine(Directory, "registry.json");

    /// <summary>Starts on the sample registry plus the vectors' placeholder product; <paramref name="edit"/> may change it first.</summary>
    public static async Task<TestCloud> StartAsync(Action<JsonObject>? edit = null, LocalCloudOptions? options = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "luathost-cloud-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var json = JsonNode.Parse(DeviceRegistry.SampleJson())!.AsObject();
        json["products"]!.AsArray().Add(new JsonObject
        {
            ["productKey"] = "yourProductKey",
            ["devices"] = new JsonArray(new JsonObject
            {
                ["deviceName"] = "862991234567890",
                ["deviceSecret"] = "c85d8dd8d28fbf527b2a4a36a67b7541",
            }),
        });
        edit?.Invoke(json);
        var path = Path.Combine(directory, "registry.json");
        await File.WriteAllTextAsync(path, json.ToJsonString());
        var cloud = await LocalCloud.StartAsync((options ?? new LocalCloudOptions()) with { RegistryPath = path });
        return new TestCloud(cloud, directory);
    }

    public static JsonObject Device(JsonObject registry, string productKey, string deviceName) =>
        registry["products"]!.AsArray().Select(p => p!.AsObject()).Single(p => (string)p["productKey"]! == productKey)["devices"]!
            .AsArray().Select(d => d!.AsObject()).Single(d => (string)d["deviceName"]! == deviceName);

    public async ValueTask DisposeAsync()
    {
        await Cloud.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
