using System.Text.Json;
using System.Text.Json.Serialization;

namespace LuatHost.Sim.Cloud.Registry;

/// <summary>The registry file as stored on disk (schema in Sim/Cloud/README.md).</summary>
public sealed class RegistryDocument
{
    public List<ProductRecord> Products { get; set; } = [];

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}

/// <summary>A product: its key, optional secret for dynamic registration, and its devices.</summary>
public sealed class ProductRecord
{
    public string ProductKey { get; set; } = "";

    /// <summary>Secret: needed only for dynamic registration (一型一密).</summary>
    public string? ProductSecret { get; set; }

    public bool DynamicRegistration { get; set; }

    public string Region { get; set; } = "cn-shanghai";

    /// <summary>Custom topic classes on top of the defaults every device has.</summary>
    public List<TopicClassRecord> Topics { get; set; } = [];

    public List<DeviceRecord> Devices { get; set; } = [];

    /// <summary>The product's thing model (物模型, TSL): properties, services, events; null = none defined (posts are not checked).</summary>
    public ThingModel.ThingModelRecord? ThingModel { get; set; }
}

/// <summary>A device triple plus its platform state.</summary>
public sealed class DeviceRecord
{
    public string DeviceName { get; set; } = "";

    /// <summary>Secret. Null for a pre-registered device that has not done dynamic registration yet.</summary>
    public string? DeviceSecret { get; set; }

    public bool Enabled { get; set; } = true;

    /// <summary>Set on the first successful connect or dynamic registration; blocks re-registration.</summary>
    public bool Activated { get; set; }
}

/// <summary>Who may use a topic class.</summary>
public enum TopicAccess
{
    Pub,
    Sub,
    PubSub,
}

/// <summary>A topic class such as `/${productKey}/${deviceName}/user/cmd`; placeholders bind to the connecting device.</summary>
public sealed class TopicClassRecord
{
    public string Topic { get; set; } = "";

    public TopicAccess Access { get; set; } = TopicAccess.PubSub;
}
