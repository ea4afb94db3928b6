using System.CommandLine;

namespace LuatHost.Cli.Commands;

/// <summary>`luathost run` (placeholder until its issue lands).</summary>
internal static class RunCommand
{
    public static Command Build()
    {
        var command = new Command("run", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("luathost run: not implemented yet");
            return 2;
        });
        return command;
    }
}
