using LuatHost.Luat;

namespace LuatHost.Net.Tests.Support;

/// <summary>A throw-away Luat project (main.lua + device data folder) run by the real runner against a module link.</summary>
internal sealed class LuatScript : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "luathost-net-tests", Guid.NewGuid().ToString("N"));

    public LuatScript()
    {
        Directory.CreateDirectory(ProjectDirectory);
        Directory.CreateDirectory(DataDirectory);
    }

    public string ProjectDirectory => Path.Combine(_root, "project");

    public string DataDirectory => Path.Combine(_root, "device");

    /// <summary>The script's own lines (print, log).</summary>
    public List<string> Lines { get; } = [];

    /// <summary>The lines without the progress lines Luat's own socket library logs (<c>[I]-[socket…</c>).</summary>
    public List<string> ScriptLines
    {
        get
        {
            lock (Lines) return [.. Lines.Where(l => !l.StartsWith("[I]-[socket", StringComparison.Ordinal))];
        }
    }

    /// <summary>The host's lines about the script (bad input, hints).</summary>
    public List<string> HostLines { get; } = [];

    public LuatScript File(string name, byte[] content)
    {
        System.IO.File.WriteAllBytes(Path.Combine(ProjectDirectory, name), content);
        return this;
    }

    /// <summary>
    /// Requires <paramref name="libraries"/> at the top (as Luat projects do), then runs <paramref name="body"/> inside a
    /// task that ends with os.exit.
    /// </summary>
    public Task<LuatRunResult> RunTaskAsync(string libraries, string body, ModemLink link, TimeSpan? limit = null,
        IReadOnlyDictionary<long, LuatHost.Luat.Device.UartPort>? uarts = null)
    {
        var requires = string.Join("\n", libraries.Split(',', StringSplitOptions.TrimEntries).Select(l => $"require \"{l}\""));
        System.IO.File.WriteAllText(Path.Combine(ProjectDirectory, "main.lua"), $"""
            PROJECT = "NETTEST"
            VERSION = "1.0.0"
            require "sys"
            {requires}
            sys.taskInit(function()
            {body}
              os.exit(0)
            end)
            sys.run()
            """);
        var options = new LuatRunOptions
        {
            ProjectDirectory = ProjectDirectory,
            DataDirectory = DataDirectory,
            Output = line => { lock (Lines) Lines.Add(line); },
            Diagnostics = line => { lock (HostLines) HostLines.Add(line); },
            RestartOnRequest = false,
            Duration = limit ?? TimeSpan.FromSeconds(60),
            Uarts = uarts ?? new Dictionary<long, LuatHost.Luat.Device.UartPort>(),
        };
        return new LuatProjectRunner(options, new LuatDevice(link.Modem)).RunAsync();
    }

    /// <summary>Asserts the script's print lines (every library's log lines, `[I]-[…`, left out).</summary>
    public void AssertPrinted(params string[] expected)
    {
        List<string> printed;
        lock (Lines) printed = [.. Lines.Where(l => !l.StartsWith('['))];
        Assert.True(expected.SequenceEqual(printed),
            "script lines:\n" + string.Join("\n", Lines) + "\nhost lines:\n" + string.Join("\n", HostLines));
    }

    /// <summary>Asserts the script's lines, printing all of them (and the host's) when they differ.</summary>
    public void AssertLines(params string[] expected)
    {
        Assert.True(expected.SequenceEqual(ScriptLines),
            "script lines:\n" + string.Join("\n", Lines) + "\nhost lines:\n" + string.Join("\n", HostLines));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
