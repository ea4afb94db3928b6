using LuatHost.Luat;

namespace LuatHost.Luat.Tests;

/// <summary>A throw-away project folder and device data folder, run through the real runner.</summary>
internal sealed class LuatTestProject : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "luathost-tests", Guid.NewGuid().ToString("N"));

    public LuatTestProject()
    {
        Directory.CreateDirectory(ProjectDirectory);
        Directory.CreateDirectory(DataDirectory);
    }

    public string ProjectDirectory => Path.Combine(_root, "project");

    public string DataDirectory => Path.Combine(_root, "device");

    public List<string> Lines { get; } = [];

    public LuatTestProject File(string name, string content)
    {
        var path = Path.Combine(ProjectDirectory, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        return this;
    }

    public LuatRunOptions Options(bool unsafeMode = false, bool restart = true, TimeSpan? duration = null) => new()
    {
        ProjectDirectory = ProjectDirectory,
        DataDirectory = DataDirectory,
        Output = line => { lock (Lines) Lines.Add(line); },
        Unsafe = unsafeMode,
        RestartOnRequest = restart,
        Duration = duration ?? TimeSpan.FromSeconds(20), // a safety net only; tests end by os.exit
    };

    /// <summary>Writes main.lua and runs the project to its end.</summary>
    public LuatRunResult Run(string main, LuatDevice? device = null, bool unsafeMode = false, bool restart = true)
    {
        File("main.lua", main);
        return new LuatProjectRunner(Options(unsafeMode, restart), device).Run();
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
