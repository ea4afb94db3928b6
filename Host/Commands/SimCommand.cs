using System.CommandLine;

namespace LuatHost.Cli.Commands;

/// <summary>`luathost sim` (placeholder until its issue lands).</summary>
internal static class SimCommand
{
    public static Command Build()
    {
        var command = new Command("sim", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("luathost sim: not implemented yet");
            return 2;
        });
        return command;
    }
}
