using System.CommandLine;
using LuatHost.Cli.Commands;

// Each sub-command lives in its own file under Commands/ and exposes one static Build().
var root = new RootCommand("luathost — run Luat scripts and Aliyun IoT flows from a PC, over AT on an Air724UG (or the built-in virtual module and local cloud).");
foreach (var command in new[]
         {
             RunCommand.Build(),
             AtTerminalCommand.Build(),
             SimCommand.Build(),
             CloudCommand.Build(),
             SignCommand.Build(),
             PortsCommand.Build(),
             ReplCommand.Build(),
         })
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
