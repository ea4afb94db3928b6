using System.Text.Json.Nodes;

namespace LuatHost.Sim.Cloud.ThingModel;

/// <summary>
/// Checks the parameters of a service call (its <c>inputData</c>) or an event post (its <c>outputData</c>) against the
/// thing model, with the same value rules as a property post (<see cref="ThingValueCheck"/>): each identifier must be
/// defined and its value must have the defined type and range. Returns null when all is fine, else what is wrong.
/// </summary>
public static class ThingParamCheck
{
    public static string? Check(IReadOnlyList<ThingParamRecord> definition, JsonObject values, string owner)
    {
        foreach (var (identifier, value) in values)
        {
            var param = definition.FirstOrDefault(p => p.Identifier == identifier);
            if (param is null)
            {
                return $"{identifier} is not a parameter of {owner}"
                    + (definition.Count == 0 ? " (it defines none)" : $" (it defines {string.Join(", ", definition.Select(p => p.Identifier))})");
            }
            if (ThingValueCheck.Check(identifier, param.DataType, value) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    /// <summary>
    /// An event post carries its values as <c>params.value</c> (Alink: <c>{"value":{…},"time":…}</c>); a flat
    /// <c>params</c> object is taken as the values too.
    /// </summary>
    public static JsonObject EventValues(JsonObject parameters) => parameters["value"] as JsonObject ?? parameters;
}
