using System.CommandLine;

namespace LuatHost.Cli.Commands;

/// <summary>`luathost at` (placeholder until its issue lands).</summary>
internal static class AtTerminalCommand
{
    public static Command Build()
    {
        var command = new Command("at", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("luathost at: not implemented yet");
            return 2;
        });
        return command;
    }
}
