using System.CommandLine;
using System.Text;
using LuatHost.Cli.CloudCli;
using LuatHost.Sim.Cloud.Http;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Cli.Commands;

/// <summary>
/// `luathost cloud` runs the local Aliyun-compatible platform; `cloud publish` pushes a message to
/// a device through a running one; `cloud devices` lists the registry and who is online.
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

    private static string Yes(bool value) => value ? "yes" : "no";

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"luathost cloud: {message}");
        return 1;
    }
}
