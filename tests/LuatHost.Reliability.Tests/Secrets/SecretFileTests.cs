using System.Diagnostics;
using LuatHost.Reliability.Tests.BadInputs;
using LuatHost.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.Secrets;

/// <summary>
/// Issue 13's secret rows through the real CLI: a secret the script logs is masked; the stored DeviceSecret and the
/// per-run registry copies are owner-only; runs killed at random points leave nothing readable by others and no copy
/// that outlives the next start.
/// </summary>
public sealed class SecretFileTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(90);

    private static string ScratchParent => Path.Combine(Path.GetTempPath(), $"luathost-run-{Environment.UserName}");

    [Fact]
    public async Task A_secret_the_script_logs_is_masked_on_the_console_and_in_the_log_file()
    {
        await using var folder = new CaseFolder();
        // The script ends its own run once it has logged the secret; --for is only the net under a login that never comes.
        var project = BadInputProjects.AliyunProject(folder, onConnect: "log.info(\"leak\", DS) print(\"leak\", DS) os.exit(0)");
        var result = await CliProcess.RunAsync(["run", project, "--for", "60s"], folder.Path, Budget);
        output.WriteLine(result.AllOutput);
        Assert.Contains("[I]-[leak]\t***", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(BadInputProjects.DeviceSecret, result.AllOutput, StringComparison.Ordinal);
        foreach (var log in Directory.EnumerateFiles(Path.Combine(folder.Path, ".luathost", "logs")))
        {
            Assert.DoesNotContain(BadInputProjects.DeviceSecret, await File.ReadAllTextAsync(log), StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(log));
        }
    }

    [Fact]
    public async Task Runs_killed_at_random_points_leave_no_secret_readable_by_others_nor_a_copy_behind()
    {
        if (OperatingSystem.IsWindows()) return;
        var demo = RepositoryPaths.Demo("aliyun-dynreg");
        var secrets = DemoSecretScanner.KnownSecrets(demo);
        await using var folder = new CaseFolder();
        var random = new Random(Environment.TickCount);
        var killed = new List<int>();
        for (var round = 0; round < 4; round++)
        {
            var delay = TimeSpan.FromMilliseconds(random.Next(300, 6000));
            var signal = random.Next(2) == 0 ? "TERM" : "KILL";
            using var process = RunStopTests.Start(["run", demo], folder.Path);
            _ = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            await Task.Delay(delay);
            if (!process.HasExited)
            {
                using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill.WaitForExitAsync();
            }
            await process.WaitForExitAsync().WaitAsync(Budget);
            output.WriteLine($"round {round}: SIG{signal} after {delay.TotalMilliseconds:0} ms, exit {process.ExitCode}");
            killed.Add(process.Id);
            foreach (var sn in Directory.EnumerateFiles(folder.Path, "module_sn.txt", SearchOption.AllDirectories))
                if (File.ReadAllText(sn).Trim() is { Length: >= 8 } stored) secrets.Add(stored);
            AssertNothingReadableByOthers(folder.Path, secrets);
            // Only this run's scratch folder: the others under the per-user parent belong to runs of other tests,
            // live at this moment (a temporary file mid-write is theirs to rename).
            foreach (var scratch in ScratchFoldersOf(process.Id)) AssertNothingReadableByOthers(scratch, secrets);
        }

        // The next start removes what killed runs left behind.
        var next = await CliProcess.RunAsync(["run", demo, "--for", "1s"], folder.Path, Budget);
        Assert.True(next.ExitCode == 0, next.AllOutput);
        var left = killed.SelectMany(ScratchFoldersOf).ToList();
        Assert.True(left.Count == 0, "left behind: " + string.Join(", ", left));
    }

    // A run's scratch folders are named after its process id ("{pid}-…").
    private static List<string> ScratchFoldersOf(int pid) => Directory.Exists(ScratchParent)
        ? Directory.EnumerateDirectories(ScratchParent, $"{pid}-*").ToList()
        : [];

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void AssertNothingReadableByOthers(string root, HashSet<string> secrets)
    {
        const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            Assert.False(file.EndsWith(".tmp", StringComparison.Ordinal), $"temp copy left: {file}");
            if ((File.GetUnixFileMode(file) & others) == 0) continue;
            var text = File.ReadAllText(file);
            var leaked = secrets.FirstOrDefault(s => text.Contains(s, StringComparison.Ordinal));
            Assert.True(leaked is null, $"{file} ({File.GetUnixFileMode(file)}) holds a secret and others can read it");
        }
    }
}
