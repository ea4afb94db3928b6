using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Registry;
using NLog;

namespace LuatHost.Sim.Cloud.ThingModel;

/// <summary>The device's answer to a property set or service call, as logged (null when none came in time).</summary>
public sealed record ThingCallResult(string Id, string Topic, string? Reply);

/// <summary>
/// The platform's thing-model side (docs/aliyun-iot.md §4.2 and appendix): answers <c>thing/event/property/post</c> on
/// <c>post_reply</c> (200; 460 with the reason for a type, range or identifier error; 6106 for more than 200 properties),
/// answers event posts (460 for an undefined event or a parameter of the wrong type or range), sends property sets and
/// service calls (refused before sending when an input is undefined or of the wrong type or range), and logs the device's <c>set_reply</c> / <c>…_reply</c>.
/// A request with <c>"sys":{"ack":0}</c> gets no reply. Without a thing model in the registry posts are not checked.
/// </summary>
public sealed class ThingModelService
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Sim.Cloud.ThingModel");

    private readonly DeviceRegistry _registry;
    private readonly CloudOutbox _outbox;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _pending = new(StringComparer.Ordinal);
    private long _nextId;

    internal ThingModelService(DeviceRegistry registry, CloudOutbox outbox)
    {
        _registry = registry;
        _outbox = outbox;
    }

    /// <summary>
    /// <c>thing.service.property.set</c>: checks the values against the model (defined, writable, right type) and sends them;
    /// waits up to <paramref name="wait"/> for the device's <c>set_reply</c>. Throws <see cref="ArgumentException"/> naming the problem.
    /// </summary>
    public Task<ThingCallResult> SetPropertiesAsync(string productKey, string deviceName, JsonObject properties, TimeSpan wait,
        CancellationToken cancellationToken = default)
    {
        RequireDevice(productKey, deviceName);
        if (properties.Count == 0)
        {
            throw new ArgumentException("no properties to set; give a JSON object such as '{\"LightSwitch\":1}'");
        }
        if (_registry.ThingModelFor(productKey) is { } model)
        {
            foreach (var (identifier, value) in properties)
            {
                var property = model.Properties.FirstOrDefault(p => p.Identifier == identifier)
                    ?? throw new ArgumentException($"property {identifier} is not in the thing model of product {productKey}");
                if (!property.AccessMode.Contains('w', StringComparison.OrdinalIgnoreCase))
                {
                    throw new ArgumentException($"property {identifier} is read-only (accessMode \"{property.AccessMode}\")");
                }
                if (ThingValueCheck.Check(identifier, property.DataType, value) is { } error)
                {
                    throw new ArgumentException(error);
                }
            }
        }
        return CallAsync(productKey, deviceName, "property/set", "thing.service.property.set", properties, wait, cancellationToken);
    }

    /// <summary>A service call on <c>/sys/…/thing/service/&lt;identifier&gt;</c>; waits for <c>&lt;identifier&gt;_reply</c>.</summary>
    public Task<ThingCallResult> CallServiceAsync(string productKey, string deviceName, string identifier, JsonObject parameters, TimeSpan wait,
        CancellationToken cancellationToken = default)
    {
        RequireDevice(productKey, deviceName);
        if (_registry.ThingModelFor(productKey) is { } model)
        {
            var definition = model.Services.FirstOrDefault(s => s.Identifier == identifier)
                ?? throw new ArgumentException($"service {identifier} is not in the thing model of product {productKey}");
            if (ThingParamCheck.Check(definition.InputData, parameters, $"service {identifier}") is { } error)
            {
                throw new ArgumentException(error);
            }
        }
        return CallAsync(productKey, deviceName, identifier, $"thing.service.{identifier}", parameters, wait, cancellationToken);
    }

    internal void OnDeviceMessage(CloudMessage message)
    {
        if (message.FromCloud || message.ProductKey is not { } pk || message.DeviceName is not { } dn)
        {
            return;
        }
        var prefix = $"/sys/{pk}/{dn}/thing/";
        if (!message.Topic.StartsWith(prefix, StringComparison.Ordinal))
        {
            return;
        }
        var rest = message.Topic[prefix.Length..];
        if (rest == "event/property/post")
        {
            OnPropertyPost(pk, dn, message);
        }
        else if (rest.StartsWith("event/", StringComparison.Ordinal) && rest.EndsWith("/post", StringComparison.Ordinal))
        {
            OnEventPost(pk, dn, rest["event/".Length..^"/post".Length], message);
        }
        else if (rest.StartsWith("service/", StringComparison.Ordinal) && rest.EndsWith("_reply", StringComparison.Ordinal))
        {
            OnServiceReply(pk, dn, rest["service/".Length..^"_reply".Length], message);
        }
    }

    private void OnPropertyPost(string pk, string dn, CloudMessage message)
    {
        const string method = "thing.event.property.post";
        if (!TryRequest(message.Payload, out var id, out var parameters, out var ack))
        {
            Answer(pk, dn, message.Topic, id, AlinkReply.ParameterError, "request parameter error: the payload is not an Alink JSON request with \"params\"", method, ack);
            return;
        }
        if (parameters!.Count > AlinkReply.MaxPropertiesPerPost)
        {
            Answer(pk, dn, message.Topic, id, AlinkReply.TooManyProperties,
                $"too many properties: {parameters.Count} in one post, at most {AlinkReply.MaxPropertiesPerPost}", method, ack);
            return;
        }
        var model = _registry.ThingModelFor(pk);
        foreach (var (identifier, entry) in parameters)
        {
            // Alink allows {"P":{"value":…,"time":…}} and the flat {"P":…}.
            var value = entry is JsonObject o && o.ContainsKey("value") ? o["value"] : entry;
            var error = model is null ? null
                : model.Properties.FirstOrDefault(p => p.Identifier == identifier) is { } property
                    ? ThingValueCheck.Check(identifier, property.DataType, value)
                    : $"{identifier} is not a property of the thing model";
            if (error is not null)
            {
                Answer(pk, dn, message.Topic, id, AlinkReply.ParameterError, "request parameter error: " + error, method, ack);
                return;
            }
        }
        Answer(pk, dn, message.Topic, id, AlinkReply.Success, "success", method, ack, $"{parameters.Count} propert{(parameters.Count == 1 ? "y" : "ies")}");
    }

    private void OnEventPost(string pk, string dn, string eventId, CloudMessage message)
    {
        var method = $"thing.event.{eventId}.post";
        if (!TryRequest(message.Payload, out var id, out var parameters, out var ack))
        {
            Answer(pk, dn, message.Topic, id, AlinkReply.ParameterError, "request parameter error: the payload is not an Alink JSON request with \"params\"", method, ack);
            return;
        }
        if (_registry.ThingModelFor(pk) is { } model)
        {
            var error = model.Events.FirstOrDefault(e => e.Identifier == eventId) is { } definition
                ? ThingParamCheck.Check(definition.OutputData, ThingParamCheck.EventValues(parameters!), $"event {eventId}")
                : $"event {eventId} is not in the thing model";
            if (error is not null)
            {
                Answer(pk, dn, message.Topic, id, AlinkReply.ParameterError, "request parameter error: " + error, method, ack);
                return;
            }
        }
        Answer(pk, dn, message.Topic, id, AlinkReply.Success, "success", method, ack, $"event {eventId}");
    }

    private void OnServiceReply(string pk, string dn, string service, CloudMessage message)
    {
        var text = message.PayloadText;
        string? id = null;
        try
        {
            id = JsonNode.Parse(text)?["id"]?.ToString();
        }
        catch (JsonException)
        {
            // Logged below as it came.
        }
        var what = service == "property/set" ? "set_reply" : $"{service}_reply";
        Log.Info("thing model: {0}/{1} {2}: {3}", pk, dn, what, text);
        if (id is not null && _pending.TryRemove(Key(pk, dn, id), out var waiter))
        {
            waiter.TrySetResult(text);
        }
    }

    private async Task<ThingCallResult> CallAsync(string pk, string dn, string service, string method, JsonObject parameters, TimeSpan wait,
        CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var topic = $"/sys/{pk}/{dn}/thing/service/{service}";
        var waiter = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[Key(pk, dn, id)] = waiter;
        Log.Info("thing model: {0} to {1}/{2} id {3}: {4}", method, pk, dn, id, parameters.ToJsonString());
        _outbox.Send(pk, dn, topic, AlinkReply.Request(id, parameters, method), 0);
        try
        {
            var reply = await waiter.Task.WaitAsync(wait, cancellationToken).ConfigureAwait(false);
            return new ThingCallResult(id, topic, reply);
        }
        catch (TimeoutException)
        {
            _pending.TryRemove(Key(pk, dn, id), out _);
            Log.Info("thing model: no reply from {0}/{1} to {2} id {3} within {4:0.#} s", pk, dn, method, id, wait.TotalSeconds);
            return new ThingCallResult(id, topic, null);
        }
    }

    private void Answer(string pk, string dn, string topic, JsonNode? id, int code, string message, string method, bool ack, string? what = null)
    {
        Log.Info("thing model: {0}/{1} {2} id {3}: {4} {5}{6}", pk, dn, method, id?.ToJsonString() ?? "(none)", code, message,
            what is null ? "" : $" ({what})");
        if (ack)
        {
            _outbox.Send(pk, dn, topic + "_reply", AlinkReply.Reply(id, code, message, method), 0);
        }
    }

    private void RequireDevice(string productKey, string deviceName)
    {
        if (_registry.FindDevice(productKey, deviceName) is null)
        {
            throw new ArgumentException($"device {productKey}/{deviceName} is not in the registry");
        }
    }

    private static string Key(string pk, string dn, string id) => $"{pk}/{dn}#{id}";

    /// <summary>An Alink request: its id (as sent), its params object, and whether it wants a reply (<c>sys.ack</c> ≠ 0).</summary>
    private static bool TryRequest(byte[] payload, out JsonNode? id, out JsonObject? parameters, out bool ack)
    {
        id = null;
        parameters = null;
        ack = true;
        try
        {
            if (JsonNode.Parse(payload) is not JsonObject root)
            {
                return false;
            }
            id = root["id"]?.DeepClone();
            ack = root["sys"]?["ack"] is not JsonValue a || !a.TryGetValue<int>(out var flag) || flag != 0;
            parameters = root["params"] as JsonObject;
            return parameters is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
