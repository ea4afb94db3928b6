using LuatHost.Sim.Cloud;
using LuatHost.Sim.Cloud.Broker;
using LuatHost.Sim.Cloud.Console;
using LuatHost.Sim.Cloud.Registry;
using NLog;

namespace LuatHost.Cli.CloudCli;

/// <summary>`luathost cloud`: runs the local IoT platform in the foreground until Ctrl+C, printing endpoints and messages.</summary>
internal static class CloudRunner
{
    public static async Task<int> RunAsync(string? registryPath, int mqttPort, int mqttTlsPort, int httpPort, int httpsPort,
        ConsoleOptions consoleOptions, CancellationToken cancellationToken)
    {
        EnsureConsoleLogging();
        string? sampleCopyDirectory = null;
        if (registryPath is null)
        {
            // The sample is part of the program: work on a fresh copy so activations never touch it.
            var directory = Path.Combine(Path.GetTempPath(), $"luathost-cloud-{Environment.ProcessId}");
            Directory.CreateDirectory(directory);
            sampleCopyDirectory = directory;
            registryPath = Path.Combine(directory, "registry.json");
            RegistryFile.WriteAtomically(registryPath, DeviceRegistry.SampleJson());
            Console.WriteLine($"registry: sample (tutorial devices), working copy {registryPath}");
        }
        else
        {
            Console.WriteLine($"registry: {Path.GetFullPath(registryPath)}");
        }

        LocalCloud cloud;
        try
        {
            cloud = await LocalCloud.StartAsync(new LocalCloudOptions
            {
                RegistryPath = registryPath,
                MqttPort = mqttPort,
                MqttTlsPort = mqttTlsPort,
                HttpPort = httpPort,
                HttpsPort = httpsPort,
            }, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException)
        {
            Console.Error.WriteLine($"luathost cloud: {e.Message}");
            DeleteSampleCopy(sampleCopyDirectory);
            return 1;
        }

        ConsoleServer console;
        try
        {
            console = await ConsoleServer.StartAsync(cloud, consoleOptions, cancellationToken);
        }
        catch (ConsoleBindException e)
        {
            Console.Error.WriteLine($"luathost cloud: {e.Message}");
            await cloud.DisposeAsync();
            DeleteSampleCopy(sampleCopyDirectory);
            return 1;
        }

        await using (cloud)
        await using (console)
        {
            Console.WriteLine($"console {console.Url}   (web page: products, devices, message log, 发布消息)");
            Console.WriteLine($"mqtt   tcp://{cloud.MqttEndpoint}   (securemode=3, or iotToken)");
            Console.WriteLine($"mqtts  ssl://{cloud.MqttTlsEndpoint}   (securemode=2/3, or iotToken)");
            Console.WriteLine($"http   {cloud.HttpBaseUri}   POST /auth/devicename, /auth/register/device; admin: POST /admin/publish, GET /admin/devices");
            Console.WriteLine($"https  {cloud.HttpsBaseUri}");
            Console.WriteLine($"certificate: self-signed, SHA-1 thumbprint {cloud.Certificate.Thumbprint}");
            foreach (var device in cloud.Devices())
            {
                Console.WriteLine($"device {device.ProductKey}/{device.DeviceName} enabled={device.Enabled} activated={device.Activated}");
            }

            Console.WriteLine("press Ctrl+C to stop");
            CloudStateFile.Write(new CloudState(Environment.ProcessId, cloud.MqttEndpoint.Port, cloud.MqttTlsEndpoint.Port,
                cloud.HttpEndpoint.Port, cloud.HttpsEndpoint.Port, Path.GetFullPath(registryPath)));
            cloud.Messages.Added += PrintMessage;
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                Console.WriteLine("stopping");
            }
            finally
            {
                cloud.Messages.Added -= PrintMessage;
                CloudStateFile.DeleteIfOwn();
            }
        }

        DeleteSampleCopy(sampleCopyDirectory);
        return 0;
    }

    private static void DeleteSampleCopy(string? directory)
    {
        if (directory is not null && Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void PrintMessage(CloudMessage message)
    {
        var direction = message.FromCloud ? $"cloud -> {message.ProductKey}/{message.DeviceName}" : $"{message.Sender} ->";
        Console.WriteLine($"{message.Time.ToLocalTime():HH:mm:ss.fff} {direction} {message.Topic} qos{message.Qos} [{message.Payload.Length} B] {Preview(message)}");
    }

    /// <summary>Device payloads are opaque bytes: text is shown as text, anything else as hex.</summary>
    private static string Preview(CloudMessage message)
    {
        var text = message.PayloadText;
        var printable = !text.Contains('\uFFFD', StringComparison.Ordinal) && text.All(c => !char.IsControl(c) || c is '\r' or '\n' or '\t');
        var shown = printable ? text : Convert.ToHexString(message.Payload);
        return shown.Length > 200 ? shown[..200] + "…" : shown;
    }

    /// <summary>Connect refusals and ACL drops are NLog lines; show them when the host configured no logging.</summary>
    private static void EnsureConsoleLogging()
    {
        if (LogManager.Configuration is null || LogManager.Configuration.AllTargets.Count == 0)
        {
            LogManager.Setup().LoadConfiguration(config => config.ForLogger().FilterMinLevel(LogLevel.Info)
                .WriteToConsole("${date:format=HH\\:mm\\:ss.fff} ${level:uppercase=true} ${logger:shortName=true} ${message}${onexception:inner= ${exception:format=message}}"));
        }
    }
}
