namespace LuatHost.Testing;

/// <summary>A throw-away Luat project folder plus the device's data folder.</summary>
public sealed class LuaProject : IDisposable
{
    private readonly TemporaryFolder _folder = new("luathost-e2e");

    public LuaProject()
    {
        Directory.CreateDirectory(ProjectDirectory);
        Directory.CreateDirectory(DataDirectory);
    }

    public string ProjectDirectory => _folder.PathOf("project");

    public string DataDirectory => _folder.PathOf("device");

    /// <summary>A project whose main.lua is the usual Luat preamble followed by <paramref name="body"/>, then sys.init/run.</summary>
    public static LuaProject WithMain(string body) => new LuaProject().File("main.lua", $$"""
        PROJECT = "E2E"
        VERSION = "1.0.0"
        require "log"
        require "sys"
        require "misc"
        require "aLiYun"
        {{body}}
        sys.init(0, 0)
        sys.run()
        """);

    /// <summary>A copy of a folder of this repository (a demo), so the run cannot change it.</summary>
    public static LuaProject CopyOf(string repositoryFolder)
    {
        var project = new LuaProject();
        foreach (var file in Directory.GetFiles(RepositoryPaths.Resolve(repositoryFolder)))
        {
            System.IO.File.Copy(file, Path.Combine(project.ProjectDirectory, Path.GetFileName(file)));
        }
        return project;
    }

    public LuaProject File(string name, string content)
    {
        _folder.Write(Path.Combine("project", name), content);
        return this;
    }

    public void Dispose() => _folder.Dispose();
}

/// <summary>Finds the repository root (the folder with LuatHost.sln) from the test's output folder.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(directory.FullName, "LuatHost.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new DirectoryNotFoundException("LuatHost.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string Resolve(string relative) => Path.Combine(Root, relative);

    public static string Demo(string name) => Path.Combine(Root, "demo", name);
}
