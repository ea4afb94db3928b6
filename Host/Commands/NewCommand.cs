using System.CommandLine;
using LuatHost.Cli.Scaffolding;
using LuatHost.Cli.Simulation;
using LuatHost.Sim.Cloud.Registry;

namespace LuatHost.Cli.Commands;

/// <summary>`luathost new &lt;folder&gt; [--template T]`: a new project copied from one of the demos, ready to run.</summary>
internal static class NewCommand
{
    public const string DefaultTemplate = "aliyun";

    public static Command Build()
    {
        var folder = new Argument<string>("folder") { Description = "The new project's folder (created; must not exist or be empty)." };
        var template = new Option<string>("--template", "-t")
        {
            Description = $"Which demo to start from: {string.Join(", ", DemoTemplates.Names)}.",
            DefaultValueFactory = _ => DefaultTemplate,
        };
        var command = new Command("new", "Create a project from a demo (with its cloud-registry.json), ready for `luathost run`.");
        command.Arguments.Add(folder);
        command.Options.Add(template);
        command.SetAction(parse => Create(parse.GetValue(folder)!, parse.GetValue(template)!, Console.Out, Console.Error));
        return command;
    }

    public static int Create(string folder, string template, TextWriter output, TextWriter errors)
    {
        var files = DemoTemplates.Files(template);
        if (files is null)
        {
            errors.WriteLine($"luathost new: unknown template '{template}'; choose one of: {string.Join(", ", DemoTemplates.Names)}");
            return 2;
        }
        var target = Path.GetFullPath(folder);
        if (File.Exists(target) || (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any()))
        {
            errors.WriteLine($"luathost new: {folder} already exists and is not empty; give a new folder name");
            return 2;
        }
        try
        {
            foreach (var (path, content) in files)
            {
                if (path == ProjectCloud.RegistryFileName) continue;
                var file = Path.Combine(target, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllBytes(file, content);
            }
            // Every project gets a registry, so the local cloud and its console have the devices it talks about.
            // It holds secrets: written owner-only, as the cloud writes it.
            var registry = files.TryGetValue(ProjectCloud.RegistryFileName, out var own) ? System.Text.Encoding.UTF8.GetString(own) : DemoTemplates.DefaultRegistry;
            RegistryFile.WriteAtomically(Path.Combine(target, ProjectCloud.RegistryFileName), registry);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.WriteLine($"luathost new: cannot write {folder}: {ex.Message}");
            return 1;
        }

        var entry = files.ContainsKey("main.lua") ? folder : Path.Combine(folder, files.Keys.FirstOrDefault(f => f.EndsWith(".csx", StringComparison.Ordinal)) ?? "");
        output.WriteLine($"created {folder} from the {template} demo: {string.Join(", ", files.Keys.Append(ProjectCloud.RegistryFileName).Distinct().Order(StringComparer.Ordinal))}");
        output.WriteLine($"run it:  luathost run {entry}");
        return 0;
    }
}
