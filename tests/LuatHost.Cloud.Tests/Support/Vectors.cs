using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuatHost.Cloud.Tests.Support;

internal sealed record SignVector(string Name, string Alg, string Key, string Content, string Hex, MqttTriple? Mqtt);

internal sealed record MqttTriple(string ClientId, string Username, string Password);

internal sealed record BodyVector(string Name, string Body, int Length);

internal sealed record VectorFile(SignVector[] Vectors, [property: JsonPropertyName("http_bodies")] BodyVector[] HttpBodies);

/// <summary>The Aliyun signing test vectors in TestData (docs/aliyun-iot.md §6).</summary>
internal static class Vectors
{
    private static readonly Lazy<VectorFile> File = new(() =>
        JsonSerializer.Deserialize<VectorFile>(
            System.IO.File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "vectors.json")),
            new JsonSerializerOptions(JsonSerializerDefaults.Web))!);

    public static IReadOnlyList<SignVector> Signs => File.Value.Vectors;

    public static IReadOnlyList<BodyVector> Bodies => File.Value.HttpBodies;

    public static TheoryData<string> SignNames() => new(File.Value.Vectors.Select(v => v.Name));

    public static SignVector Sign(string name) => File.Value.Vectors.Single(v => v.Name == name);

    /// <summary>Splits a device-sign content `clientId…deviceName…productKey…[timestamp…]` back into its fields.</summary>
    public static (string ClientId, string DeviceName, string ProductKey, string? Timestamp) DeviceFields(string content)
    {
        var dn = content.IndexOf("deviceName", StringComparison.Ordinal);
        var pk = content.IndexOf("productKey", StringComparison.Ordinal);
        var ts = content.IndexOf("timestamp", StringComparison.Ordinal);
        var clientId = content["clientId".Length..dn];
        var deviceName = content[(dn + "deviceName".Length)..pk];
        var productKey = ts < 0 ? content[(pk + "productKey".Length)..] : content[(pk + "productKey".Length)..ts];
        return (clientId, deviceName, productKey, ts < 0 ? null : content[(ts + "timestamp".Length)..]);
    }
}
