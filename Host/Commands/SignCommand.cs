using System.CommandLine;

namespace LuatHost.Cli.Commands;

/// <summary>`luathost sign` (placeholder until its issue lands).</summary>
internal static class SignCommand
{
    public static Command Build()
    {
        var command = new Command("sign", "Not implemented yet.");
        command.SetAction(_ =>
        {
            Console.Error.WriteLine("luathost sign: not implemented yet");
            return 2;
        });
        return command;
    }
}
