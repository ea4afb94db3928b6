using System.Net;
using LuatHost.Sim.Cloud.Console;

namespace LuatHost.Cli.CloudCli;

/// <summary>`--console-port` / `--console-bind` of `luathost cloud`: loopback unless an address is named, with a warning then.</summary>
internal static class CloudConsoleOptions
{
    /// <summary>The options, or null after printing one line about a bad value.</summary>
    public static ConsoleOptions? Parse(int port, string? bind, TextWriter errors)
    {
        if (port is < 0 or > 65535)
        {
            errors.WriteLine($"luathost cloud: --console-port {port} is not a port; give 1-65535, or 0 for any free port");
            return null;
        }
        if (bind is null) return new ConsoleOptions { Port = port };
        if (!IPAddress.TryParse(bind, out var address))
        {
            errors.WriteLine($"luathost cloud: --console-bind '{bind}' is not an IP address; give e.g. 0.0.0.0 or 192.168.1.10");
            return null;
        }
        if (!IPAddress.IsLoopback(address))
            errors.WriteLine($"warning: the console on {address} can be reached from other machines; it shows device and product secrets and has no login");
        return new ConsoleOptions { BindAddress = address, Port = port };
    }
}
