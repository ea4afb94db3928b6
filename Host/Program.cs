using System.CommandLine;
using LuatHost.Cli.Commands;

// `--version` alone: the tool's version and the Lua engine's (System.CommandLine's own would print only the first).
if (args is ["--version"])
{
    Console.WriteLine(VersionText.Describe());
    return 0;
}

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
             NewCommand.Build(),
         })
{
    root.Subcommands.Add(command);
}

var parsed = root.Parse(args);
return await parsed.InvokeAsync(RunStop.InvocationFor(parsed));
