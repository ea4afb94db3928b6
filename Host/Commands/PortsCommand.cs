using System.CommandLine;

namespace LuatHost.Cli.Commands;

/// <summary>`luathost ports` (placeholder until its issue lands).</summary>
internal static class PortsCommand
{
    public static Command Build()
    {
        var command = new Command("ports", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("luathost ports: not implemented yet");
            return 2;
        });
        return command;
    }
}
