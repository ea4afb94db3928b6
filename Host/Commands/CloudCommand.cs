using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LuatHost.Cli.CloudCli;
using LuatHost.Sim.Cloud.Http;
using LuatHost.Sim.Cloud.Ota;
using LuatHost.Sim.Cloud.Registry;
using LuatHost.Sim.Cloud.ThingModel;

namespace LuatHost.Cli.Commands;

/// <summary>
/// `luathost cloud` runs the local Aliyun-compatible platform; `cloud publish` pushes a message to
/// a device through a running one; `cloud devices` lists the registry and who is online; `cloud ota push` starts an
/// upgrade (the console's 升级); `cloud property set` sets thing-model properties and prints the device's set_reply.
/// A running `luathost run` (virtual module) serves these too.
/// </summary>
internal static class CloudCommand
{
    public static Command Build()
    {
        var registry = new Option<string?>("--registry") { Description = "device registry JSON (default: the tutorial's devices from registry.sample.json)" };
        var mqttPort = new Option<int>("--mqtt-port") { Description = "MQTT plain TCP port (0 = any free port)", DefaultValueFactory = _ => 1883 };
        var mqttsPort = new Option<int>("--mqtts-port") { Description = "MQTT over TLS port (0 = any free port)", DefaultValueFactory = _ => 8883 };
        var httpPort = new Option<int>("--http-port") { Description = "HTTP auth + admin port (0 = any free port)", DefaultValueFactory = _ => 8080 };
        var httpsPort = new Option<int>("--https-port") { Description = "HTTPS auth port (0 = any free port)", DefaultValueFactory = _ => 8443 };
        var consolePort = new Option<int>("--console-port") { Description = "web console port (0 = any free port)", DefaultValueFactory = _ => Sim.Cloud.Console.ConsoleOptions.DefaultPort };
        var consoleBind = new Option<string?>("--console-bind") { Description = "serve the web console on this address instead of 127.0.0.1 (e.g. 0.0.0.0); anyone who can reach it can read secrets" };

        var command = new Command("cloud", "Run the local Aliyun IoT platform (HTTP auth + MQTT broker) on 127.0.0.1.");
        foreach (var option in new Option[] { registry, mqttPort, mqttsPort, httpPort, httpsPort, consolePort, consoleBind })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) =>
        {
            var console = CloudConsoleOptions.Parse(parse.GetValue(consolePort), parse.GetValue(consoleBind), Console.Error);
            if (console is null) return Task.FromResult(2);
            return CloudRunner.RunAsync(parse.GetValue(registry), parse.GetValue(mqttPort),
                parse.GetValue(mqttsPort), parse.GetValue(httpPort), parse.GetValue(httpsPort), console, cancellationToken);
        });
        command.Subcommands.Add(BuildPublish());
        command.Subcommands.Add(BuildDevices());
        command.Subcommands.Add(BuildOta());
        command.Subcommands.Add(BuildProperty());
        return command;
    }

    private static Option<int?> AdminPortOption() =>
        new("--http-port") { Description = "HTTP port of the running cloud (default: found from the running `luathost cloud`)" };

    private static Command BuildPublish()
    {
        var productKey = new Argument<string>("pk") { Description = "ProductKey" };
        var deviceName = new Argument<string>("dn") { Description = "DeviceName" };
        var topic = new Argument<string>("topic") { Description = "topic, e.g. /a1mxL3s6Z7m/866714043075174/user/get" };
        var payload = new Argument<string>("payload") { Description = "payload text (UTF-8)" };
        var qos = new Option<int>("--qos") { Description = "0 or 1", DefaultValueFactory = _ => 0 };
        qos.AcceptOnlyFromAmong("0", "1");
        var port = AdminPortOption();
        var command = new Command("publish", "Push a message to a device through a running cloud (the console's 发布消息).");
        command.Arguments.Add(productKey);
        command.Arguments.Add(deviceName);
        command.Arguments.Add(topic);
        command.Arguments.Add(payload);
        command.Options.Add(qos);
        command.Options.Add(port);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var admin = CloudAdminClient.Find(parse.GetValue(port));
            if (admin is null)
            {
                return Fail("no running cloud found; start `luathost cloud` first or pass --http-port");
            }

            try
            {
                var (ok, message) = await admin.PublishAsync(new AdminPublishRequest(parse.GetValue(productKey)!, parse.GetValue(deviceName)!,
                    parse.GetValue(topic)!, parse.GetValue(payload), null, parse.GetValue(qos)), cancellationToken);
                if (!ok)
                {
                    return Fail($"the cloud refused the message: {message}");
                }

                Console.WriteLine(message.Contains("\"online\":true", StringComparison.Ordinal)
                    ? "published"
                    : "published (the device is offline; only a current subscriber receives it)");
                return 0;
            }
            catch (HttpRequestException e)
            {
                return Fail($"cannot reach the cloud's admin endpoint: {e.Message}");
            }
        });
        return command;
    }

    private static Command BuildDevices()
    {
        var port = AdminPortOption();
        var registryFile = new Option<string?>("--registry") { Description = "registry file to list when no cloud is running" };
        var command = new Command("devices", "List registry devices and, if a cloud is running, their connection state.");
        command.Options.Add(registryFile);
        command.Options.Add(port);
        command.SetAction(async (parse, cancellationToken) =>
        {
            IReadOnlyList<AdminDeviceRow> rows;
            string source;
            using var admin = CloudAdminClient.Find(parse.GetValue(port));
            try
            {
                if (admin is not null && parse.GetValue(registryFile) is null)
                {
                    rows = await admin.DevicesAsync(cancellationToken);
                    source = "running cloud";
                }
                else
                {
                    var path = parse.GetValue(registryFile);
                    var registry = path is null ? DeviceRegistry.LoadSample() : DeviceRegistry.Load(path);
                    rows = AdminEndpoints.Rows(registry, null);
                    source = path is null ? "sample registry (no cloud running)" : path;
                }
            }
            catch (Exception e) when (e is HttpRequestException or IOException or InvalidDataException)
            {
                return Fail(e.Message);
            }

            Console.WriteLine($"devices from {source}:");
            var table = new StringBuilder();
            table.AppendLine($"{"productKey",-14} {"deviceName",-18} {"enabled",-8} {"activated",-10} {"secret",-7} {"online",-7} clientId");
            foreach (var row in rows)
            {
                table.AppendLine($"{row.ProductKey,-14} {row.DeviceName,-18} {Yes(row.Enabled),-8} {Yes(row.Activated),-10} {Yes(row.HasSecret),-7} {Yes(row.Online),-7} {row.ClientId}");
            }

            Console.Write(table.ToString());
            return 0;
        });
        return command;
    }

    private static Command BuildOta()
    {
        var productKey = new Argument<string>("pk") { Description = "ProductKey" };
        var deviceName = new Argument<string>("dn") { Description = "DeviceName" };
        var file = new Option<string>("--file") { Description = "the package file to serve", Required = true };
        var version = new Option<string>("--version") { Description = "the version the device reports once upgraded", Required = true };
        var module = new Option<string?>("--module") { Description = "OTA module (default: the default module)" };
        var port = AdminPortOption();
        var push = new Command("push", "Start an upgrade: the cloud serves the package over HTTPS (signed, expiring URL) and pushes it to the device.");
        push.Arguments.Add(productKey);
        push.Arguments.Add(deviceName);
        foreach (var option in new Option[] { file, version, module, port }) push.Options.Add(option);
        push.SetAction(async (parse, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetValue(file)!);
            if (!File.Exists(path))
            {
                return Fail($"the package file '{parse.GetValue(file)}' does not exist");
            }
            var (ok, message) = await CallAsync(parse.GetValue(port), "admin/ota/push", new AdminOtaPushRequest(parse.GetValue(productKey)!,
                parse.GetValue(deviceName)!, path, parse.GetValue(version)!, parse.GetValue(module)), cancellationToken);
            if (!ok)
            {
                return Fail(message);
            }
            var job = JsonNode.Parse(message)!;
            Console.WriteLine($"OTA job {job["jobId"]}: {job["size"]} bytes, md5 {job["md5"]}, target version {job["targetVersion"]}; "
                + (job["state"]?.ToString() == nameof(OtaJobState.Waiting) ? "the device is offline, it gets the upgrade when it connects" : "pushed"));
            return 0;
        });
        var command = new Command("ota", "OTA upgrades through a running cloud.");
        command.Subcommands.Add(push);
        return command;
    }

    private static Command BuildProperty()
    {
        var productKey = new Argument<string>("pk") { Description = "ProductKey" };
        var deviceName = new Argument<string>("dn") { Description = "DeviceName" };
        var values = new Argument<string>("json") { Description = "properties as JSON, e.g. '{\"LightSwitch\":1}'" };
        var wait = new Option<double>("--wait") { Description = "seconds to wait for the device's set_reply", DefaultValueFactory = _ => 5 };
        var port = AdminPortOption();
        var set = new Command("set", "Send thing.service.property.set to a device and print its set_reply.");
        set.Arguments.Add(productKey);
        set.Arguments.Add(deviceName);
        set.Arguments.Add(values);
        set.Options.Add(wait);
        set.Options.Add(port);
        set.SetAction(async (parse, cancellationToken) =>
        {
            JsonObject? properties;
            try
            {
                properties = JsonNode.Parse(parse.GetValue(values)!) as JsonObject;
            }
            catch (JsonException e)
            {
                return Fail($"the properties are not JSON ({e.Message}); write them as '{{\"Name\":value}}'");
            }
            if (properties is null)
            {
                return Fail("the properties must be a JSON object, e.g. '{\"LightSwitch\":1}'");
            }
            var (ok, message) = await CallAsync(parse.GetValue(port), "admin/thing/property/set",
                new AdminThingCallRequest(parse.GetValue(productKey)!, parse.GetValue(deviceName)!, properties, null, parse.GetValue(wait)), cancellationToken);
            if (!ok)
            {
                return Fail(message);
            }
            var result = JsonNode.Parse(message)!;
            var reply = (string?)result["reply"];
            Console.WriteLine(reply is null ? $"sent (id {result["id"]}); no set_reply within {parse.GetValue(wait)} s" : $"set_reply: {reply}");
            return reply is null ? 2 : 0;
        });
        var command = new Command("property", "Thing-model properties of a device, through a running cloud.");
        command.Subcommands.Add(set);
        return command;
    }

    /// <summary>An admin call; a refusal comes back as the cloud's <c>{"error"}</c> text.</summary>
    private static async Task<(bool Ok, string Message)> CallAsync<T>(int? port, string path, T body, CancellationToken cancellationToken)
    {
        using var admin = CloudAdminClient.Find(port);
        if (admin is null)
        {
            return (false, "no running cloud found; start `luathost cloud` or `luathost run` (virtual module) first, or pass --http-port");
        }
        try
        {
            var (ok, text) = await admin.PostAsync(path, body, cancellationToken);
            return ok ? (true, text) : (false, "the cloud refused: " + ((string?)JsonNode.Parse(text)?["error"] ?? text));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            return (false, $"cannot reach the cloud's admin endpoint: {e.Message}");
        }
    }

    private static string Yes(bool value) => value ? "yes" : "no";

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"luathost cloud: {message}");
        return 1;
    }
}
