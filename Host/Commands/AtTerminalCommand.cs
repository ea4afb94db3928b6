using System.CommandLine;
using LuatHost.At;
using LuatHost.Cli.AtTerminal;
using LuatHost.Modem;
using LuatHost.Transport;

namespace LuatHost.Cli.Commands;

/// <summary>
/// <c>luathost at --port P [--baud N] [--record FILE]</c>: an interactive AT terminal on a real module, a TCP serial
/// server or <c>luathost sim --listen</c>. With stdin redirected it reads plain lines, so scripts can pipe commands.
/// </summary>
internal static class AtTerminalCommand
{
    public static Command Build()
    {
        var port = new Option<string>("--port")
        {
            Description = "Serial port (COM3, /dev/ttyUSB0) or tcp://host:port (e.g. tcp://127.0.0.1:7000 for `luathost sim`).",
            Required = true,
        };
        var baud = new Option<int>("--baud")
        {
            Description = "Serial baud rate (ignored for tcp://).",
            DefaultValueFactory = _ => SerialLink.DefaultBaudRate,
        };
        var record = new Option<FileInfo?>("--record")
        {
            Description = "Write every byte each way, timestamped, to this transcript file (secrets masked).",
        };
        var command = new Command("at", "Interactive AT terminal: type commands, see answers and URCs as they arrive; `help` lists the tutorial's commands.");
        command.Options.Add(port);
        command.Options.Add(baud);
        command.Options.Add(record);
        command.SetAction(async (parseResult, cancel) =>
        {
            var portSpec = parseResult.GetValue(port)!;
            Stream link;
            try
            {
                link = await TransportFactory.OpenAsync(portSpec, new TransportOptions
                {
                    BaudRate = parseResult.GetValue(baud),
                    RecordPath = parseResult.GetValue(record)?.FullName,
                    Redact = new TranscriptRedactor(SecretRedactor.Shared, Air724Dialect.Table).Redact,
                }, cancel);
            }
            catch (TransportException ex)
            {
                Console.Error.WriteLine($"luathost at: {ex.Message}");
                return 1;
            }
            await using var engine = new AtEngine(link, Air724Dialect.Table);
            ITerminalIo io = Console.IsInputRedirected
                ? new RedirectedTerminalIo(Console.In, Console.Out)
                : new InteractiveTerminalIo();
            return await new AtTerminalSession(engine, io).RunAsync(portSpec, cancel);
        });
        return command;
    }
}
