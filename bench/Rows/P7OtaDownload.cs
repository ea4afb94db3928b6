using System.Diagnostics;
using System.Security.Cryptography;
using LuatHost.Aliyun.Ota;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Modem;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P7: aLiYunOta's package download (<see cref="OtaPackageDownload"/>: ranged GETs of 64 KB windows, AT+HTTPREAD chunks
/// of 4 KB, MD5, temp-then-rename) from the local cloud's HTTPS through the virtual module, with both directions of the
/// UART paced to the baud rate. Baseline: the line-rate bound, the package size ÷ bytes per second, i.e. what the
/// package alone would take on the wire; the ratio is the share of the line left after AT overhead. P7c compares the
/// process's peak RSS for a 1 MB and a 128 KB package: flat means the host holds one chunk, not the package.
/// </summary>
public static class P7OtaDownload
{
    private const string Command = "dotnet run -c Release --project bench -- p7";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        await using var cloud = await BenchCloud.StartAsync(devices: 1);
        var (a, _) = await MeasureAsync("P7a", cloud, 115_200, 128 * 1024);
        var (b, _) = await MeasureAsync("P7b", cloud, 921_600, 512 * 1024);
        var (_, small) = await MeasureAsync("P7c-small", cloud, 921_600, 128 * 1024);
        var (_, large) = await MeasureAsync("P7c-large", cloud, 921_600, 1024 * 1024);
        var memory = new BenchResult("P7c",
            "peak RSS of the whole process (host, virtual module, cloud) while downloading a 1 MB package at 921,600 baud",
            $"{large / 1048576.0:N0} MiB", $"{small / 1048576.0:N0} MiB (a 128 KB package, same run)", Format.Ratio((double)large / small), Command);
        return [a, b, memory];
    }

    private static async Task<(BenchResult Row, long PeakRss)> MeasureAsync(string id, Sim.Cloud.LocalCloud cloud, int baud, int size)
    {
        var bytesPerSecond = baud / 10;
        ByteCountingStream? counter = null;
        await using var modem = await ConnectedModem.StartAsync(cloud, 0, host => counter = new ByteCountingStream(new PacedStream(host, bytesPerSecond)));
        modem.Module.Faults.BytesPerSecond = bytesPerSecond;
        var directory = Directory.CreateTempSubdirectory("luathost-bench-ota");
        try
        {
            var packagePath = Path.Combine(directory.FullName, "package.bin");
            var bytes = RandomNumberGenerator.GetBytes(size);
            await File.WriteAllBytesAsync(packagePath, bytes);
            var job = cloud.Ota.Push(BenchCloud.ProductKey, BenchCloud.DeviceName(0), packagePath, "bench");
            var package = cloud.Ota.FindPackage(job.PackageId)!;
            var url = cloud.Ota.Signer.Url(package, DateTimeOffset.UtcNow.AddHours(1));
            var notice = new OtaUpgradeNotice("bench", new Uri(url), size, job.Md5.ToUpperInvariant(), null);
            var target = Path.Combine(directory.FullName, "fw.bin");
            var download = new OtaPackageDownload(new HttpTransfer(modem.Modem), notice, new OtaFilePlace("/fw.bin", target), new OtaDownloadOptions());
            GC.Collect();
            await using var sampler = new ProcessSampler();
            var (readBefore, writtenBefore) = (counter!.BytesRead, counter.BytesWritten);
            var clock = Stopwatch.StartNew();
            var result = await download.RunAsync(CancellationToken.None);
            clock.Stop();
            await sampler.StopAsync();
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"the download failed: {result.Reason}");
            }
            var measured = size / clock.Elapsed.TotalSeconds;
            var inBytes = counter.BytesRead - readBefore;
            var outBytes = counter.BytesWritten - writtenBefore;
            var row = new BenchResult(id,
                $"OTA package download through the module at {baud:N0} baud ({bytesPerSecond:N0} B/s each way), {size / 1024:N0} KB package, " +
                $"64 KB ranged GETs, 4 KB AT+HTTPREAD chunks; {inBytes:N0} B in / {outBytes:N0} B out on the UART; verified",
                Format.Rate(measured / 1024, "KB/s"),
                Format.Rate(bytesPerSecond / 1024.0, "KB/s") + " (line-rate bound: package bytes only)",
                Format.Ratio(measured / bytesPerSecond) + $" ({Format.Percent(measured / bytesPerSecond)} of line rate)",
                Command);
            return (row, sampler.PeakRssBytes);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
