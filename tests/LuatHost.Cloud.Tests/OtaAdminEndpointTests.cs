using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LuatHost.Cloud.Tests.Support;
using LuatHost.Sim.Cloud.Ota;
using LuatHost.Sim.Cloud.ThingModel;

namespace LuatHost.Cloud.Tests;

/// <summary>The admin API behind `cloud ota push` and `cloud property set`, over real HTTP.</summary>
public sealed class OtaAdminEndpointTests
{
    [Fact]
    public async Task Ota_push_creates_a_waiting_job_for_an_offline_device_and_names_a_missing_file()
    {
        await using var test = await TestCloud.StartAsync();
        var (path, md5, _) = OtaDevice.Package(test, 2048);
        using var http = new HttpClient { BaseAddress = test.Cloud.HttpBaseUri };

        using var created = await http.PostAsJsonAsync("admin/ota/push", new AdminOtaPushRequest(Tutorial.ProductKey, Tutorial.DeviceName, path, "2.0.0"));
        using var missing = await http.PostAsJsonAsync("admin/ota/push", new AdminOtaPushRequest(Tutorial.ProductKey, Tutorial.DeviceName, path + ".nope", "2.0.0"));
        var jobs = JsonNode.Parse(await http.GetStringAsync("admin/ota/jobs"))!.AsArray();

        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        var job = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal("Waiting", (string)job["state"]!);
        Assert.Equal(md5, (string)job["md5"]!);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("does not exist", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Single(jobs);
    }

    [Fact]
    public async Task Property_set_to_an_unknown_device_is_a_bad_request_that_names_it()
    {
        await using var test = await TestCloud.StartAsync();
        using var http = new HttpClient { BaseAddress = test.Cloud.HttpBaseUri };

        using var response = await http.PostAsJsonAsync("admin/thing/property/set",
            new AdminThingCallRequest(Tutorial.ProductKey, "nope", new JsonObject { ["A"] = 1 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("a1mxL3s6Z7m/nope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
