using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LuatHost.Sim.Cloud.ThingModel;

/// <summary>
/// Checks one value against a TSL data type, the way the platform answers 460 ("request parameter error") for a property
/// post: the JSON kind must match the type (int: a whole number; float/double: a number; text: a string within
/// <c>length</c> bytes; bool: 0 or 1; enum: one of the listed values; date: UTC milliseconds as a string or number) and a
/// number must lie in [min, max]. Returns null when the value is fine, else what is wrong, naming the identifier.
/// </summary>
public static class ThingValueCheck
{
    /// <summary>Aliyun's default text length limit when specs give none.</summary>
    private const int DefaultTextBytes = 10240;

    public static string? Check(string identifier, ThingDataType type, JsonNode? value)
    {
        var shown = value?.ToJsonString() ?? "null";
        switch (type.Type.ToLowerInvariant())
        {
            case "int":
                if (!IsNumber(value, out var i) || i != Math.Floor(i) || i < int.MinValue || i > int.MaxValue)
                    return $"{identifier}: {shown} is not an int";
                return Range(identifier, type, i, shown);
            case "float":
            case "double":
                if (!IsNumber(value, out var d))
                    return $"{identifier}: {shown} is not a {type.Type.ToLowerInvariant()}";
                return Range(identifier, type, d, shown);
            case "text":
                if (value is not JsonValue text || !text.TryGetValue<string>(out var s))
                    return $"{identifier}: {shown} is not a text";
                var limit = Spec(type, "length") is { } l ? (int)l : DefaultTextBytes;
                return Encoding.UTF8.GetByteCount(s) > limit ? $"{identifier}: text longer than {limit} bytes" : null;
            case "bool":
                return IsNumber(value, out var b) && (b == 0 || b == 1) ? null : $"{identifier}: {shown} is not a bool (0 or 1)";
            case "enum":
                if (!IsNumber(value, out var e) || e != Math.Floor(e))
                    return $"{identifier}: {shown} is not an enum value";
                return type.Specs is { Count: > 0 } specs && !specs.ContainsKey(((long)e).ToString(CultureInfo.InvariantCulture))
                    ? $"{identifier}: {shown} is not one of the enum values {string.Join(", ", specs.Keys)}"
                    : null;
            case "date":
                return IsNumber(value, out _) || (value is JsonValue dv && dv.TryGetValue<string>(out var ds) && ds.Length > 0 && ds.All(char.IsAsciiDigit))
                    ? null
                    : $"{identifier}: {shown} is not a date (UTC milliseconds)";
            case "struct":
                return value is JsonObject ? null : $"{identifier}: {shown} is not a struct";
            case "array":
                return value is JsonArray ? null : $"{identifier}: {shown} is not an array";
            default:
                return null;
        }
    }

    private static string? Range(string identifier, ThingDataType type, double number, string shown)
    {
        if (Spec(type, "min") is { } min && number < min)
            return $"{identifier}: {shown} is below the minimum {min.ToString(CultureInfo.InvariantCulture)}";
        if (Spec(type, "max") is { } max && number > max)
            return $"{identifier}: {shown} is above the maximum {max.ToString(CultureInfo.InvariantCulture)}";
        return null;
    }

    private static bool IsNumber(JsonNode? value, out double number)
    {
        number = 0;
        // A value built in C# (JsonValue<int>) does not convert by TryGetValue<double>; its JSON text always parses.
        return value is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }

    private static double? Spec(ThingDataType type, string name)
    {
        if (type.Specs is null || !type.Specs.TryGetValue(name, out var element)) return null;
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.String when double.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
    }
}
