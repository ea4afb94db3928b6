using System.CommandLine;
using System.Globalization;

namespace LuatHost.Cli.Commands;

/// <summary><c>--uart ID=PORT[@BAUD]</c> on <c>run</c> and <c>repl</c>: the module's UARTs wired to ports of the PC.</summary>
internal static class UartOption
{
    public static Option<string[]> Create() => new("--uart")
    {
        Description = "Wire one of the module's UARTs to a port of the PC: ID=PORT[@BAUD], repeatable, e.g. '1=/dev/ttyUSB1' or '2=tcp://127.0.0.1:7001' (uart.setup/read/write then use that port).",
    };

    /// <summary>
    /// --uart ID=PORT[@BAUD]: a Luat UART id (1–3 on the Air724UG; not uart.ATC, which is the module's own link) and a
    /// serial port or tcp://host:port of the PC; BAUD (default 115200) for a serial port.
    /// </summary>
    public static IReadOnlyList<(long Id, string Port, int Baud)> Parse(IEnumerable<string> specs)
    {
        var result = new List<(long, string, int)>();
        foreach (var spec in specs)
        {
            var equals = spec.IndexOf('=');
            if (equals <= 0 || equals == spec.Length - 1 || !long.TryParse(spec[..equals].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id is < 1 or > 255)
                throw new ArgumentException($"--uart '{spec}' must be ID=PORT with a UART id from 1, e.g. --uart 1=/dev/ttyUSB1 or --uart 2=tcp://127.0.0.1:7001@9600");
            if (id == Luat.Modules.UartModule.AtPort)
                throw new ArgumentException($"--uart '{spec}': UART {id} is uart.ATC, the module's own AT link (use --port for the module)");
            if (result.Any(u => u.Item1 == id))
                throw new ArgumentException($"--uart '{spec}': UART {id} is given twice");
            var port = spec[(equals + 1)..].Trim();
            var baud = Transport.SerialLink.DefaultBaudRate;
            var at = port.LastIndexOf('@');
            if (at > 0)
            {
                if (!int.TryParse(port[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out baud) || baud < 50)
                    throw new ArgumentException($"--uart '{spec}': '{port[(at + 1)..]}' is not a baud rate (e.g. @115200)");
                port = port[..at];
            }
            try
            {
                Transport.PortSpec.Parse(port); // a malformed tcp:// is refused here, before anything starts
            }
            catch (Transport.TransportException ex)
            {
                throw new ArgumentException($"--uart '{spec}': {ex.Message}", ex);
            }
            result.Add((id, port, baud));
        }
        return result;
    }
}
