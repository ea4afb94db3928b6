using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using LuatHost.Cli.Simulation;
using LuatHost.Sim.Cloud;
using LuatHost.Sim.Module;
using LuatHost.Sim.Module.Serving;

namespace LuatHost.Cli.Commands;

/// <summary>
/// <c>luathost sim</c>: runs the virtual Air724UG standalone, over TCP (one fresh module per client, like a ser2net
/// port) or, on Linux, behind a pty that a real serial program opens.
/// </summary>
internal static class SimCommand
{
    private const string DefaultListen = "tcp://127.0.0.1:7000";

    public static Command Build()
    {
        var listen = new Option<string?>("--listen") { Description = $"Serve over TCP, e.g. {DefaultListen} (the default)." };
        var pty = new Option<bool>("--pty") { Description = "Linux: serve on a new pseudo-terminal and print its /dev/pts/N path." };
        var imei = new Option<string?>("--imei") { Description = "IMEI answered to AT+CGSN (default 866714043075174)." };
        var firmware = new Option<string?>("--firmware") { Description = "Firmware string for AT+CGMR (default AirM2M_Air724UG_V409_LTE_AT)." };
        var map = new Option<string[]>("--map")
        {
            Description = "Host map rule [mqtt|mqtts|http|https|tcp|tls|udp:]pattern[:port]=host[:port], repeatable, e.g. '*.aliyuncs.com=127.0.0.1' or 'broker.example.com:1883=127.0.0.1:1883'.",
        };
        var trust = new Option<FileInfo?>("--trust-cert") { Description = "PEM/DER certificate to pin for TLS (the local cloud's); default: system trust." };
        var snFile = new Option<FileInfo?>("--sn-file") { Description = "File that keeps the AT+WISN serial number across runs." };
        var withCloud = new Option<bool>("--with-cloud")
        {
            Description = "Also start the local Aliyun-compatible cloud in process and route *.aliyuncs.com to it (its certificate pinned).",
        };
        var registry = new Option<FileInfo?>("--registry") { Description = "Device registry for --with-cloud (default: the built-in sample)." };
        var bootDelay = new Option<int>("--boot-delay-ms") { Description = "Delay before the boot URCs (RDY...).", DefaultValueFactory = _ => 500 };

        var command = new Command("sim", "Run the virtual Air724UG module standalone (AT over TCP or a pty).");
        var realism = RealismOption.Create();
        var calledParty = CalledPartyOption.Create();
        foreach (var option in new Option[] { listen, pty, imei, firmware, map, trust, snFile, withCloud, registry, bootDelay, realism, calledParty })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parseResult, cancel) =>
        {
            ModuleOptions options;
            try
            {
                options = BuildOptions(parseResult.GetValue(imei), parseResult.GetValue(firmware), parseResult.GetValue(map) ?? [],
                    parseResult.GetValue(trust), parseResult.GetValue(snFile), parseResult.GetValue(bootDelay), RealismOption.Parse(parseResult.GetValue(realism)),
                    CalledPartyOption.Parse(parseResult.GetValue(calledParty)));
            }
            catch (Exception ex) when (ex is FormatException or IOException or ArgumentException or System.Security.Cryptography.CryptographicException)
            {
                Console.Error.WriteLine($"luathost sim: {ex.Message}");
                return 2;
            }
            await using var cloud = parseResult.GetValue(withCloud)
                ? await LocalCloud.StartAsync(new LocalCloudOptions { RegistryPath = parseResult.GetValue(registry)?.FullName }, cancel)
                : null;
            if (cloud is not null)
            {
                // Explicit --map rules were added first, so they still win over the cloud routes.
                CloudModuleOptions.Routes(cloud, options.HostMap);
                options = new ModuleOptions
                {
                    Identity = options.Identity,
                    HostMap = options.HostMap,
                    PinnedCertificate = options.PinnedCertificate ?? cloud.Certificate,
                    BootDelay = options.BootDelay,
                    Realism = options.Realism,
                    CalledParty = options.CalledParty,
                };
                Console.Error.WriteLine($"local cloud on 127.0.0.1 (MQTT {cloud.MqttEndpoint.Port}, MQTT TLS {cloud.MqttTlsEndpoint.Port}, HTTP {cloud.HttpEndpoint.Port}, HTTPS {cloud.HttpsEndpoint.Port})");
            }
            // The tutorial's other window: the console page (发布消息, message log) of the in-process cloud.
            await using var console = cloud is null ? null : await StartConsoleAsync(cloud, cancel);
            var listenSpec = parseResult.GetValue(listen);
            if (parseResult.GetValue(pty))
            {
                if (listenSpec is not null)
                {
                    Console.Error.WriteLine("luathost sim: choose either --listen or --pty, not both");
                    return 2;
                }
                return await ServePtyAsync(options, cancel);
            }
            return await ServeTcpAsync(listenSpec ?? DefaultListen, options, cancel);
        });
        return command;
    }

    private static ModuleOptions BuildOptions(string? imei, string? firmware, string[] mapRules, FileInfo? trust, FileInfo? snFile, int bootDelayMs,
        RealismProfile realism, CalledParty calledParty)
    {
        var identity = new ModuleIdentity
        {
            Imei = imei ?? new ModuleIdentity().Imei,
            Firmware = firmware ?? new ModuleIdentity().Firmware,
            SnFile = snFile?.FullName,
        };
        if (identity.Imei.Length != 15 || !identity.Imei.All(char.IsAsciiDigit))
        {
            throw new FormatException($"--imei '{identity.Imei}' must be 15 digits");
        }
        var hostMap = new HostMap();
        foreach (var rule in mapRules)
        {
            hostMap.AddSpec(rule);
        }
        return new ModuleOptions
        {
            Identity = identity,
            HostMap = hostMap,
            PinnedCertificate = trust is null ? null : X509CertificateLoader.LoadCertificateFromFile(trust.FullName),
            BootDelay = TimeSpan.FromMilliseconds(Math.Max(0, bootDelayMs)),
            Realism = realism,
            CalledParty = calledParty,
        };
    }

    private static async Task<int> ServeTcpAsync(string listenSpec, ModuleOptions options, CancellationToken cancel)
    {
        System.Net.IPEndPoint endpoint;
        try
        {
            endpoint = ModuleTcpServer.ParseListenSpec(listenSpec);
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"luathost sim: {ex.Message}");
            return 2;
        }
        ModuleTcpServer server;
        try
        {
            server = new ModuleTcpServer(endpoint, options).Start();
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Console.Error.WriteLine($"luathost sim: cannot listen on {listenSpec}: {ex.Message} (is another sim running? pick another port)");
            return 1;
        }
        await using (server)
        {
            var phones = new SimPhoneNetwork(Console.Error);
            server.SessionStarted += phones.Attach;
            Console.WriteLine($"virtual Air724UG listening on tcp://{server.EndPoint} (IMEI {options.Identity.Imei}); Ctrl+C to stop");
            Console.Error.WriteLine(SimPhoneNetwork.Usage);
            // Console.In reads synchronously: on a pool thread, so the command still ends on Ctrl+C.
            _ = Task.Run(() => phones.ReadCommandsAsync(Console.In, cancel), cancel);
            await WaitForCancelAsync(cancel);
        }
        return 0;
    }

    private static async Task<int> ServePtyAsync(ModuleOptions options, CancellationToken cancel)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("luathost sim: --pty works on Linux only; use --listen tcp://127.0.0.1:7000 elsewhere");
            return 2;
        }
        PtyModuleServer server;
        try
        {
            server = PtyModuleServer.Start(options);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"luathost sim: cannot create a pty: {ex.Message}");
            return 1;
        }
        await using (server)
        {
            var phones = new SimPhoneNetwork(Console.Error);
            phones.Attach(server.Module);
            Console.WriteLine(server.DevicePath);
            Console.Error.WriteLine($"virtual Air724UG on {server.DevicePath} (IMEI {options.Identity.Imei}); Ctrl+C to stop");
            Console.Error.WriteLine(SimPhoneNetwork.Usage);
            // Console.In reads synchronously: on a pool thread, so the command still ends on Ctrl+C.
            _ = Task.Run(() => phones.ReadCommandsAsync(Console.In, cancel), cancel);
            await WaitForCancelAsync(cancel);
        }
        return 0;
    }

    private static async Task WaitForCancelAsync(CancellationToken cancel)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancel);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task<LuatHost.Sim.Cloud.Console.ConsoleServer?> StartConsoleAsync(LocalCloud cloud, CancellationToken cancel)
    {
        try
        {
            var console = await LuatHost.Sim.Cloud.Console.ConsoleServer.StartAsync(cloud, new LuatHost.Sim.Cloud.Console.ConsoleOptions(), cancel);
            Console.Error.WriteLine($"console (web page of the local cloud): {console.Url}");
            return console;
        }
        catch (LuatHost.Sim.Cloud.Console.ConsoleBindException ex)
        {
            Console.Error.WriteLine($"warning: {ex.Message}");
            return null;
        }
    }
}
