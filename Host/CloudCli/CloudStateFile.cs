using System.Text.Json;

namespace LuatHost.Cli.CloudCli;

/// <summary>Where a running `luathost cloud` can be reached; no secrets.</summary>
internal sealed record CloudState(int ProcessId, int MqttPort, int MqttTlsPort, int HttpPort, int HttpsPort, string? RegistryPath);

/// <summary>
/// ~/.luathost/cloud-endpoints.json, written by `luathost cloud` while it runs so that
/// `cloud publish` and `cloud devices` find its admin endpoint without being told the port.
/// </summary>
internal static class CloudStateFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string Path { get; } = System.IO.Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".luathost", "cloud-endpoints.json");

    public static void Write(CloudState state)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        File.WriteAllText(Path, JsonSerializer.Serialize(state, Json));
    }

    /// <summary>The state of a cloud whose process still runs, else null (a stale file is ignored).</summary>
    public static CloudState? ReadLive()
    {
        try
        {
            var state = JsonSerializer.Deserialize<CloudState>(File.ReadAllText(Path), Json);
            return state is not null && IsRunning(state.ProcessId) ? state : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public static void DeleteIfOwn()
    {
        try
        {
            var state = JsonSerializer.Deserialize<CloudState>(File.ReadAllText(Path), Json);
            if (state?.ProcessId == Environment.ProcessId)
            {
                File.Delete(Path);
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            // Nothing to clean up.
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
