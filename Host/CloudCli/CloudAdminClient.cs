using System.Net.Http.Json;
using System.Text.Json;
using LuatHost.Sim.Cloud.Http;

namespace LuatHost.Cli.CloudCli;

/// <summary>Talks to a running cloud's loopback admin API (POST /admin/publish, GET /admin/devices).</summary>
internal sealed class CloudAdminClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;

    private CloudAdminClient(int httpPort)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>The cloud on <paramref name="httpPort"/>, or the one recorded by a running `luathost cloud`; null if none.</summary>
    public static CloudAdminClient? Find(int? httpPort)
    {
        var port = httpPort ?? CloudStateFile.ReadLive()?.HttpPort;
        return port is { } p ? new CloudAdminClient(p) : null;
    }

    public async Task<(bool Ok, string Message)> PublishAsync(AdminPublishRequest request, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync("admin/publish", request, Json, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.IsSuccessStatusCode, text);
    }

    /// <summary>POSTs <paramref name="body"/> as JSON to an admin path; the answer's text either way.</summary>
    public async Task<(bool Ok, string Message)> PostAsync<T>(string path, T body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(path, body, Json, cancellationToken);
        return (response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    public async Task<IReadOnlyList<AdminDeviceRow>> DevicesAsync(CancellationToken cancellationToken) =>
        await _http.GetFromJsonAsync<AdminDeviceRow[]>("admin/devices", Json, cancellationToken) ?? [];

    public void Dispose() => _http.Dispose();
}
