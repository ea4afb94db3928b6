using LuatHost.Sim.Cloud.Broker;

namespace LuatHost.Sim.Cloud.Console;

/// <summary>A device row of the console (no secret: that is fetched only when the user asks to see it).</summary>
public sealed record ConsoleDevice(string DeviceName, bool Enabled, bool Activated, bool HasSecret, bool Online, string? ClientId);

/// <summary>A product with its devices (no secret).</summary>
public sealed record ConsoleProduct(string ProductKey, bool DynamicRegistration, string Region, IReadOnlyList<ConsoleDevice> Devices);

/// <summary>A message-log row: direction up (device → cloud) or down (cloud → device); payload as text when it is text, and always as hex.</summary>
public sealed record ConsoleMessage(long Sequence, DateTimeOffset Time, string Direction, string? ProductKey, string? DeviceName,
    string Topic, int Qos, int Length, string? Text, string Hex)
{
    public static ConsoleMessage From(CloudMessage message) => new(message.Sequence, message.Time, message.FromCloud ? "down" : "up",
        message.ProductKey, message.DeviceName, message.Topic, message.Qos, message.Payload.Length, TextOrNull(message), Convert.ToHexString(message.Payload));

    /// <summary>Payloads are opaque bytes: shown as text only when they decode as UTF-8 without control characters.</summary>
    private static string? TextOrNull(CloudMessage message)
    {
        var text = message.PayloadText;
        return text.Contains('\uFFFD', StringComparison.Ordinal) || text.Any(c => char.IsControl(c) && c is not ('\r' or '\n' or '\t')) ? null : text;
    }
}

/// <summary>Body of POST /api/products.</summary>
public sealed record CreateProductRequest(string? ProductKey, bool DynamicRegistration);

/// <summary>Body of POST /api/products/{pk}/devices.</summary>
public sealed record AddDeviceRequest(string? DeviceName);

/// <summary>Body of PUT /api/devices/{pk}/{dn}/enabled.</summary>
public sealed record SetEnabledRequest(bool Enabled);

/// <summary>Body of POST /api/devices/{pk}/{dn}/publish: text payload, or hex when PayloadHex is given.</summary>
public sealed record ConsolePublishRequest(string? Topic, int Qos, string? Payload, string? PayloadHex);
