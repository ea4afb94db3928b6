using LuatHost.Luat;

namespace LuatHost.Luat.Tests;

/// <summary>A throw-away project folder and device data folder, run through the real runner.</summary>
internal sealed class LuatTestProject : IDisposable
{
    private readonly Testing.TemporaryFolder _folder = new();
    private readonly TaskCompletionSource _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LuatTestProject()
    {
        Directory.CreateDirectory(ProjectDirectory);
        Directory.CreateDirectory(DataDirectory);
    }

    public string ProjectDirectory => _folder.PathOf("project");

    public string DataDirectory => _folder.PathOf("device");

    public List<string> Lines { get; } = [];

    /// <summary>Completes when the run prints its first line (a test waits for that, not for time).</summary>
    public Task FirstLine => _firstLine.Task;

    public LuatTestProject File(string name, string content)
    {
        _folder.Write(Path.Combine("project", name), content);
        return this;
    }

    public LuatRunOptions Options(bool unsafeMode = false, bool restart = true, TimeSpan? duration = null,
        IReadOnlyList<Modules.WifiAccessPoint>? accessPoints = null) => new()
    {
        WifiAccessPoints = accessPoints ?? [],
        ProjectDirectory = ProjectDirectory,
        DataDirectory = DataDirectory,
        Output = line =>
        {
            lock (Lines) Lines.Add(line);
            _firstLine.TrySetResult();
        },
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

    public void Dispose() => _folder.Dispose();
}
