using System.Security.Cryptography;
using LuatHost.Aliyun.Ota;
using LuatHost.Sim.Cloud.Broker;

namespace LuatHost.EndToEnd.Tests.Support;

/// <summary>
/// A Luat project with aLiYunOta (setName "fw.bin", setCb logging <c>e2e.otaCb</c>) on the virtual module, and a package
/// of random bytes whose MD5 is computed here, independently of both the cloud and the device.
/// </summary>
internal sealed class OtaScenario : IAsyncDisposable
{
    public const string Pk = TestRegistry.ProductKey;
    public const string Dn = TestRegistry.DeviceName;
    public const string Progress = $"/ota/device/progress/{Pk}/{Dn}";

    /// <summary>Fast retries so the failure paths (31 attempts) take a second, not half a minute.</summary>
    public static readonly OtaDownloadOptions FastRetries = new() { RetryDelay = TimeSpan.FromMilliseconds(20), ProgressInterval = TimeSpan.FromMilliseconds(500) };

    private OtaScenario(AliyunWorld world, LuaProject project, byte[] package, string packagePath)
    {
        World = world;
        Project = project;
        Package = package;
        PackagePath = packagePath;
    }

    public AliyunWorld World { get; }

    public LuaProject Project { get; }

    public byte[] Package { get; }

    public string PackagePath { get; }

    public string Md5 => Convert.ToHexString(MD5.HashData(Package));

    public LuaRun Run { get; private set; } = null!;

    public string StoredFile => Path.Combine(Project.DataDirectory, "fw.bin");

    public static string Body(string callbackExtra = "") => FlowScripts.Direct() + $$"""

        require "aLiYunOta"
        aLiYunOta.setName("fw.bin")
        aLiYunOta.setCb(function(result, path)
          log.info("e2e.otaCb", result, path, aLiYunOta.isDownloading())
          {{callbackExtra}}
        end)
        """;

    /// <summary>Starts the world and the project; the job is created first, so the cloud pushes it when the device subscribes.</summary>
    public static async Task<OtaScenario> StartAsync(int size, int bytesPerSecond = 0, OtaDownloadOptions? options = null, string body = "",
        Action<AliyunWorld>? beforeRun = null, bool pushBeforeConnect = true)
    {
        var world = await AliyunWorld.StartAsync();
        world.Module.Faults.BytesPerSecond = bytesPerSecond;
        var project = LuaProject.WithMain(body.Length == 0 ? Body() : body);
        var package = RandomNumberGenerator.GetBytes(size);
        var packagePath = Path.Combine(project.ProjectDirectory, "..", "package.bin");
        await File.WriteAllBytesAsync(packagePath, package);
        var scenario = new OtaScenario(world, project, package, packagePath);
        if (pushBeforeConnect)
        {
            world.Cloud.Ota.Push(Pk, Dn, packagePath, "2.0.0");
        }
        beforeRun?.Invoke(world);
        scenario.Run = world.Run(project, TimeSpan.FromSeconds(120), options ?? FastRetries);
        return scenario;
    }

    /// <summary>The device's progress reports, in order, as the cloud recorded them.</summary>
    public IReadOnlyList<string> Steps() => World.Cloud.Ota.Jobs().Single().Progress.Select(p => p.Step).ToArray();

    /// <summary>Waits for the device to report <paramref name="step"/> (the transfer may take a while at 115200 baud).</summary>
    public Task<CloudMessage> StepAsync(string step, TimeSpan within) =>
        World.Cloud.Messages.WaitForAsync(m => m.Topic == Progress && m.PayloadText.Contains($"\"step\":\"{step}\"", StringComparison.Ordinal)).WaitAsync(within);

    /// <summary>Bytes served in 206 answers beyond the package size: what a resume fetched twice.</summary>
    public long BytesFetchedTwice() =>
        World.Cloud.Ota.Downloads.Where(d => d.Status == 206).Sum(d => d.BytesSent) - Package.Length;

    public async ValueTask DisposeAsync()
    {
        await Run.DisposeAsync();
        await World.DisposeAsync();
        Project.Dispose();
    }
}
