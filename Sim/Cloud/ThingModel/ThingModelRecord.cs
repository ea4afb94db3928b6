using System.Text.Json;

namespace LuatHost.Sim.Cloud.ThingModel;

/// <summary>
/// A product's thing model in the registry, in the shape of Aliyun's TSL export (物模型 JSON): properties, services and
/// events, each with an <c>identifier</c> and a <c>dataType</c> <c>{"type": int|float|double|text|bool|enum|date|struct|array,
/// "specs": {…}}</c>. Specs values may be strings (as the console exports them) or numbers.
/// </summary>
public sealed class ThingModelRecord
{
    public List<ThingPropertyRecord> Properties { get; set; } = [];

    public List<ThingServiceRecord> Services { get; set; } = [];

    public List<ThingEventRecord> Events { get; set; } = [];
}

/// <summary>A property: <c>accessMode</c> "rw" (the cloud may set it) or "r" (device reports only).</summary>
public sealed class ThingPropertyRecord
{
    public string Identifier { get; set; } = "";

    public string? Name { get; set; }

    public string AccessMode { get; set; } = "rw";

    public ThingDataType DataType { get; set; } = new();
}

/// <summary>A data type: <c>int</c>/<c>float</c>/<c>double</c> specs min, max; <c>text</c> specs length; <c>bool</c>/<c>enum</c> specs value → name.</summary>
public sealed class ThingDataType
{
    public string Type { get; set; } = "text";

    public Dictionary<string, JsonElement>? Specs { get; set; }
}

/// <summary>A parameter of a service or event.</summary>
public sealed class ThingParamRecord
{
    public string Identifier { get; set; } = "";

    public string? Name { get; set; }

    public ThingDataType DataType { get; set; } = new();
}

/// <summary>A service the cloud calls on <c>/sys/…/thing/service/&lt;identifier&gt;</c>.</summary>
public sealed class ThingServiceRecord
{
    public string Identifier { get; set; } = "";

    public string? Name { get; set; }

    public string CallType { get; set; } = "async";

    public List<ThingParamRecord> InputData { get; set; } = [];

    public List<ThingParamRecord> OutputData { get; set; } = [];
}

/// <summary>An event the device posts on <c>/sys/…/thing/event/&lt;identifier&gt;/post</c>; <c>type</c> info, alert or error.</summary>
public sealed class ThingEventRecord
{
    public string Identifier { get; set; } = "";

    public string? Name { get; set; }

    public string Type { get; set; } = "info";

    public List<ThingParamRecord> OutputData { get; set; } = [];
}
