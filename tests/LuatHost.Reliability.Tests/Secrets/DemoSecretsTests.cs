using LuatHost.Reliability.Tests.BadInputs;
using LuatHost.Reliability.Tests.Support;
using Xunit.Abstractions;

namespace LuatHost.Reliability.Tests.Secrets;

/// <summary>
/// R4: every demo under demo/ runs with <c>--log-level trace</c> (the AT trace on) against the virtual module and
/// local cloud, all at once, each in its own working folder; no DeviceSecret, ProductSecret, MQTT password or iotToken
/// may appear in its console output or in any file it wrote (.luathost/logs, transcripts).
/// </summary>
public sealed class DemoSecretsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RunFor = TimeSpan.FromSeconds(8);

    // What the host's aLiYun client logs when the MQTT login is accepted (both faces share the client).
    private const string LoggedIn = "aLiYun: connected";

    [Fact]
    public async Task No_demo_writes_a_secret_to_its_console_log_or_trace_files()
    {
        var demos = DemoTargets().ToList();
        Assert.NotEmpty(demos);
        var findings = await Task.WhenAll(demos.Select(ScanDemoAsync));
        foreach (var finding in findings)
        {
            output.WriteLine(finding.Summary);
        }
        var leaks = findings.SelectMany(f => f.Leaks).ToList();
        Assert.True(leaks.Count == 0, "secrets leaked:\n" + string.Join("\n", leaks.Take(20)));
        // A check that saw no secrets and no traced login would pass vacuously: each cloud demo must have both.
        Assert.All(findings.Where(f => f.UsesCloud), f =>
        {
            Assert.True(f.SecretsChecked > 0, $"{f.Demo}: no secrets were known to look for");
            Assert.True(f.TracedLogin, $"{f.Demo}: the trace shows no AT+MCONFIG, so the login was not traced");
        });
    }

    private sealed record DemoFinding(string Demo, string Summary, int SecretsChecked, bool UsesCloud, bool TracedLogin, IReadOnlyList<string> Leaks);

    private static async Task<DemoFinding> ScanDemoAsync((string Name, string Target, string Directory) demo)
    {
        await using var folder = new CaseFolder();
        // A cloud demo is ended once its login is through (the trace of the login, where secrets would show, is written
        // by then; the file log flushes every line); the others run for RunFor. --for is only the net under a login that never comes.
        var usesCloud = File.Exists(Path.Combine(demo.Directory, "cloud-registry.json"));
        var runFor = usesCloud ? TimeSpan.FromSeconds(60) : RunFor;
        var result = await CliProcess.RunAsync(["run", demo.Target, "--log-level", "trace", "--for", $"{runFor.TotalSeconds:0}s"],
            folder.Path, runFor + TimeSpan.FromSeconds(60), endAtLineContaining: usesCloud ? LoggedIn : null);
        var secrets = DemoSecretScanner.KnownSecrets(demo.Directory);
        // Dynamic registration keeps the DeviceSecret it was issued in the module SN (misc.setSn), beside the logs.
        foreach (var sn in Directory.EnumerateFiles(folder.Path, "*sn*.txt", SearchOption.AllDirectories))
        {
            if (File.ReadAllText(sn).Trim() is { Length: >= 8 } stored)
            {
                secrets.Add(stored);
            }
        }
        var leaks = new List<string>();
        var tracedLogin = result.AllOutput.Contains("AT+MCONFIG", StringComparison.Ordinal);
        leaks.AddRange(DemoSecretScanner.Leaks($"{demo.Name} console", result.AllOutput, secrets));
        var files = Directory.EnumerateFiles(folder.Path, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".log", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) && !f.Contains("sn", StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var file in files)
        {
            var text = await File.ReadAllTextAsync(file);
            tracedLogin |= text.Contains("AT+MCONFIG", StringComparison.Ordinal);
            leaks.AddRange(DemoSecretScanner.Leaks($"{demo.Name} {Path.GetRelativePath(folder.Path, file)}", text, secrets));
        }
        var connected = result.AllOutput.Contains("connected", StringComparison.OrdinalIgnoreCase);
        return new DemoFinding(demo.Name,
            $"{demo.Name}: exit {result.ExitCode}, {result.AllOutput.Length:N0} console chars, {files.Count} log/trace file(s), " +
            $"{secrets.Count} secret forms checked, login traced: {tracedLogin}, connected: {connected}, leaks: {leaks.Count}",
            secrets.Count, usesCloud, tracedLogin, leaks);
    }

    /// <summary>Every Lua project (a folder with main.lua) and every C# flow (*.csx) under demo/.</summary>
    private static IEnumerable<(string Name, string Target, string Directory)> DemoTargets()
    {
        var demoRoot = Path.Combine(RepositoryPaths.Root, "demo");
        foreach (var directory in Directory.EnumerateDirectories(demoRoot).Order())
        {
            var name = Path.GetFileName(directory);
            if (File.Exists(Path.Combine(directory, "main.lua")))
            {
                yield return (name, directory, directory);
            }
            foreach (var script in Directory.EnumerateFiles(directory, "*.csx").Order())
            {
                yield return ($"{name}/{Path.GetFileName(script)}", script, directory);
            }
        }
    }
}
