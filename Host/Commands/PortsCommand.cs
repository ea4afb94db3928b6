using System.CommandLine;
using LuatHost.Transport;

namespace LuatHost.Cli.Commands;

/// <summary><c>luathost ports</c>: lists serial ports a module may be on.</summary>
internal static class PortsCommand
{
    public static Command Build()
    {
        var command = new Command("ports", "List serial ports (on Linux including /dev/ttyUSB* and /dev/ttyACM*).");
        command.SetAction(_ =>
        {
            var names = SerialPortList.GetPortNames();
            if (names.Count == 0)
            {
                Console.WriteLine("No serial ports found. Plug the module in (USB), check its driver, or use tcp://host:port or `luathost sim`.");
                return 0;
            }
            foreach (var name in names)
            {
                Console.WriteLine(name);
            }
            return 0;
        });
        return command;
    }
}
