namespace LuatHost.Reliability.Tests.Support;

/// <summary>Finds the repository (the folder holding LuatHost.sln) from the test output folder.</summary>
public static class RepositoryPaths
{
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "LuatHost.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException("LuatHost.sln not found above the test output folder");
        }
    }

    public static string Demo(string name) => Path.Combine(Root, "demo", name);
}
