using System.Security.Cryptography;
using LuatHost.EndToEnd.Tests.Support;

namespace LuatHost.EndToEnd.Tests.CSharp;

/// <summary>The C# face of aLiYunOta downloads through the same service as the Lua binding: setName, setCb, the file's MD5.</summary>
public sealed class CSharpOtaDownloadTests
{
    public CSharpOtaDownloadTests() => LogCapture.Install();

    [Fact]
    public async Task Pushed_package_is_downloaded_into_the_download_folder_and_setCb_gets_its_path()
    {
        await using var world = await AliyunWorld.StartAsync();
        using var folder = new ScriptFolder();
        var downloads = Path.Combine(Path.GetTempPath(), "luathost-e2e-csota", Guid.NewGuid().ToString("N"));
        var package = RandomNumberGenerator.GetBytes(40 * 1024);
        var packagePath = downloads + "-package.bin";
        Directory.CreateDirectory(downloads);
        await File.WriteAllBytesAsync(packagePath, package);
        try
        {
            world.Cloud.Ota.Push(TestRegistry.ProductKey, TestRegistry.DeviceName, packagePath, "2.0.0");
            folder.File("ota.csx", $$"""
                PROJECT = "E2E";
                VERSION = "1.0.0";
                aLiYunOta.DownloadDirectory = @"{{downloads}}";
                aLiYunOta.setName("fw.bin");
                aLiYunOta.setCb((ok, path) => log.info("e2e.otaCb", ok, path, aLiYunOta.isDownloading()));
                aLiYun.setConnectMode("direct");
                aLiYun.setup("{{TestRegistry.ProductKey}}", null, "{{TestRegistry.DeviceName}}", "{{TestRegistry.DeviceSecret}}");
                await aLiYun.ConnectAsync();
                await sys.RunAsync();
                """);
            await using var run = CSharpScriptRun.Start(folder, "ota.csx", world.Modem);

            var line = await run.WaitForLineAsync("[I]-[e2e.otaCb]");

            var stored = Path.Combine(downloads, "fw.bin");
            Assert.Equal($"[I]-[e2e.otaCb]\ttrue\t{stored}\tfalse", line);
            Assert.Equal(MD5.HashData(package), MD5.HashData(await File.ReadAllBytesAsync(stored)));
        }
        finally
        {
            Directory.Delete(downloads, recursive: true);
            File.Delete(packagePath);
        }
    }
}
