using System.CommandLine;
using LuatHost.Cli.Logging;
using LuatHost.Cli.Repl;
using LuatHost.Cli.Simulation;
using LuatHost.Luat;
using LuatHost.Transport;
using NLog;

namespace LuatHost.Cli.Commands;

/// <summary>
/// `luathost repl [--port P]`: an interactive Lua prompt with the Luat libraries loaded, on the virtual module and
/// local cloud (or a real module). The project folder is the current directory, so `require` finds its modules.
/// </summary>
internal static class ReplCommand
{
    private static readonly Logger Log = LogManager.GetLogger("luathost.repl");

    public static Command Build()
    {
        var port = new Option<string?>("--port") { Description = "Module link: COM3, /dev/ttyUSB0 or tcp://host:port. Omit to use the built-in virtual module and local cloud." };
        var baud = new Option<int>("--baud") { Description = "Serial baud rate.", DefaultValueFactory = _ => SerialLink.DefaultBaudRate };
        var fs = new Option<string?>("--fs") { Description = "Host folder that is the device's `/` (default .luathost/<imei>/)." };
        var logLevel = new Option<string>("--log-level") { Description = "Host log level: trace, debug, info, warn, error, off.", DefaultValueFactory = _ => "warn" };
        var uart = UartOption.Create();
        var command = new Command("repl", "Interactive Lua prompt with the Luat libraries (sys, log, misc, net, aLiYun …) on the module.");
        foreach (var option in new Option[] { port, baud, fs, logLevel, uart }) command.Options.Add(option);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                HostLogging.Configure(parse.GetValue(logLevel));
                var uarts = UartOption.Parse(parse.GetValue(uart) ?? []);
                return await RunAsync(parse.GetValue(port), parse.GetValue(baud), parse.GetValue(fs), uarts, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ArgumentException or ProjectConfigurationException or TransportException)
            {
                Console.Error.WriteLine("luathost repl: " + ex.Message);
                return 2;
            }
            finally
            {
                LogManager.Flush();
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(string? port, int baud, string? fs, IReadOnlyList<(long Id, string Port, int Baud)> uartSpecs,
        CancellationToken ct)
    {
        var projectDirectory = Environment.CurrentDirectory;
        await using var uarts = await WiredUarts.OpenAsync(uartSpecs, ct).ConfigureAwait(false);
        await using var connection = await ModuleConnection.OpenAsync(port, baud, null, projectDirectory, Console.Error, ct).ConfigureAwait(false);
        if (connection is null) return ModuleConnection.ModuleUnavailable;
        var dataDirectory = fs is not null
            ? Path.GetFullPath(fs)
            : Path.Combine(projectDirectory, ".luathost", await connection.Device.Identity.GetImeiAsync(ct).ConfigureAwait(false));

        var session = new ReplSession();
        var prompt = new ReplPrompt(session, Console.Error);
        var options = new LuatRunOptions
        {
            ProjectDirectory = projectDirectory,
            MainFile = "repl.lua",
            EntrySource = ReplSession.EntrySource(),
            PoweredOn = session.Attach,
            DataDirectory = dataDirectory,
            Output = prompt.WriteLine,
            Diagnostics = line => Log.Warn(line),
            Uarts = uarts.Ports,
        };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var run = new LuatProjectRunner(options, connection.Device).RunAsync(stop.Token);

        var target = port ?? "the virtual Air724UG + local cloud";
        Console.Error.WriteLine($"luathost repl — Lua 5.4 with the Luat libraries on {target}. .help for help, .exit to leave.");
        if (await connection.ConsoleUrlAsync().ConfigureAwait(false) is { } console) Console.Error.WriteLine($"console (web page of the local cloud): {console}");
        if (await Task.WhenAny(session.Ready, run).ConfigureAwait(false) == session.Ready)
            await prompt.RunAsync(run, ct).ConfigureAwait(false);

        await stop.CancelAsync().ConfigureAwait(false);
        var result = await run.ConfigureAwait(false);
        return result.ExitCode;
    }
}
