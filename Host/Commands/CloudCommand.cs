using System.CommandLine;

namespace LuatHost.Cli.Commands;

/// <summary>`luathost cloud` (placeholder until its issue lands).</summary>
internal static class CloudCommand
{
    public static Command Build()
    {
        var command = new Command("cloud", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("luathost cloud: not implemented yet");
            return 2;
        });
        return command;
    }
}
