using System.Diagnostics;
using LuatHost.At;
using LuatHost.Bench.Report;
using LuatHost.Bench.Support;
using LuatHost.Modem;
using LuatHost.Services.Net;
using LuatHost.Sim.Module;

namespace LuatHost.Bench.Rows;

/// <summary>
/// P8: the socket, mqtt and http libraries' data path through the virtual module with both UART directions paced to
/// the baud rate (as P2/P7). P8a/P8b: TCP throughput of one module link (<see cref="ModuleSocketStream"/>, what the
/// mqtt client and the C# socket global use; the Lua socket library drives the same AT+CIPSEND/+RECEIVE) against the
/// line rate, upload (AT+CIPSEND of 1460-byte pieces to a loopback sink) and download (+RECEIVE from a loopback
/// source). P8c: an HTTP download (AT+HTTPACTION + AT+HTTPREAD chunks) at 921,600 baud against the line-rate bound.
/// P8d: peak RSS while downloading 10 MB against 1 MB, unpaced: flat means the host holds one chunk, not the body.
/// </summary>
public static class P8Network
{
    private const string Command = "dotnet run -c Release --project bench -- p8";
    private const string Host = "bench.example.test";

    public static async Task<IReadOnlyList<BenchResult>> RunAsync(BenchSettings settings)
    {
        await using var servers = new LocalNetServers();
        var results = new List<BenchResult>();
        foreach (var (id, baud) in new[] { ("P8a", 115_200), ("P8b", 921_600) })
        {
            results.Add(await SocketAsync(id, servers, baud, settings));
        }
        results.Add(await HttpAsync(servers, settings));
        results.Add(await HttpMemoryAsync(servers));
        return results;
    }

    private sealed class Rig(ModuleLink link, Air724 modem, ByteCountingStream counter) : IAsyncDisposable
    {
        public Air724 Modem { get; } = modem;

        public ByteCountingStream Counter { get; } = counter;

        public static async Task<Rig> StartAsync(LocalNetServers servers, int baud)
        {
            var link = await ModuleLink.InMemoryAsync(new ModuleOptions
            {
                HostMap = new HostMap()
                    .Add(Host, 7001, "127.0.0.1", servers.SinkPort, RemoteProtocol.Tcp)
                    .Add(Host, 7002, "127.0.0.1", servers.SourcePort, RemoteProtocol.Tcp)
                    .Add(Host, "127.0.0.1", servers.HttpPort, RemoteProtocol.Http),
            }).ConfigureAwait(false);
            var bytesPerSecond = baud / 10;
            var counter = new ByteCountingStream(baud == 0 ? link.Host : new PacedStream(link.Host, bytesPerSecond));
            link.Module.Faults.BytesPerSecond = baud == 0 ? 0 : bytesPerSecond;
            var modem = new Air724(new AtEngine(counter, Air724Dialect.Table));
            await modem.Identity.WaitUntilReadyAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
            await modem.Identity.SetEchoAsync(false).ConfigureAwait(false);
            for (var i = 0; i < 200 && !await modem.Network.IsAttachedAsync().ConfigureAwait(false); i++)
            {
                await Task.Delay(50).ConfigureAwait(false);
            }
            return new Rig(link, modem, counter);
        }

        public async ValueTask DisposeAsync()
        {
            await Modem.DisposeAsync().ConfigureAwait(false);
            await link.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<BenchResult> SocketAsync(string id, LocalNetServers servers, int baud, BenchSettings settings)
    {
        var bytesPerSecond = baud / 10;
        await using var rig = await Rig.StartAsync(servers, baud).ConfigureAwait(false);
        var timeout = TimeSpan.FromSeconds(30);
        await using var upload = await ModuleSocketStream.OpenAsync(rig.Modem.Sockets, SocketKind.Tcp, Host, 7001, timeout).ConfigureAwait(false);
        var piece = new byte[Sockets.SendChunkBytes];
        new Random(3).NextBytes(piece);
        await Throughput.MeasureAsync(() => upload.WriteAsync(piece).AsTask(), settings.WarmUp).ConfigureAwait(false);
        var up = new List<double>();
        for (var i = 0; i < settings.Trials; i++)
        {
            up.Add(await Throughput.MeasureAsync(() => upload.WriteAsync(piece).AsTask(), settings.Trial).ConfigureAwait(false) * piece.Length);
        }
        await upload.DisposeAsync().ConfigureAwait(false);

        await using var download = await ModuleSocketStream.OpenAsync(rig.Modem.Sockets, SocketKind.Tcp, Host, 7002, timeout).ConfigureAwait(false);
        var buffer = new byte[64 * 1024];
        await ReadForAsync(download, buffer, settings.WarmUp).ConfigureAwait(false);
        var down = new List<double>();
        for (var i = 0; i < settings.Trials; i++)
        {
            down.Add(await ReadForAsync(download, buffer, settings.Trial).ConfigureAwait(false));
        }
        var (upRate, downRate) = (Throughput.Median(up), Throughput.Median(down));
        return new BenchResult(id,
            $"TCP through one module link at {baud:N0} baud ({bytesPerSecond:N0} B/s each way): upload (AT+CIPSEND of {Sockets.SendChunkBytes}-byte pieces) / " +
            "download (+RECEIVE) payload bytes per second, loopback sink and source",
            $"{Format.Rate(upRate / 1024, "KB/s")} up / {Format.Rate(downRate / 1024, "KB/s")} down",
            Format.Rate(bytesPerSecond / 1024.0, "KB/s") + " (line rate)",
            $"{Format.Ratio(upRate / bytesPerSecond)} up / {Format.Ratio(downRate / bytesPerSecond)} down (goal ≥ ×0.90)",
            Command);
    }

    private static async Task<double> ReadForAsync(Stream stream, byte[] buffer, TimeSpan duration)
    {
        long total = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var count = await stream.ReadAsync(buffer).ConfigureAwait(false);
            if (count == 0) throw new IOException("the source closed the link");
            total += count;
        }
        return total / clock.Elapsed.TotalSeconds;
    }

    private static async Task<BenchResult> HttpAsync(LocalNetServers servers, BenchSettings settings)
    {
        const int baud = 921_600;
        const int size = 1024 * 1024;
        var bytesPerSecond = baud / 10;
        await using var rig = await Rig.StartAsync(servers, baud).ConfigureAwait(false);
        var transfer = new HttpTransfer(rig.Modem);
        await transfer.DownloadAsync($"http://{Host}/bytes/65536", null, Stream.Null).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        var result = await transfer.DownloadAsync($"http://{Host}/bytes/{size}", null, Stream.Null).ConfigureAwait(false);
        clock.Stop();
        if (result.BytesReceived != size) throw new InvalidOperationException($"the download got {result.BytesReceived} of {size} bytes");
        var rate = size / clock.Elapsed.TotalSeconds;
        return new BenchResult("P8c",
            $"HTTP GET of {size / 1048576} MB through the module (AT+HTTPACTION, AT+HTTPREAD chunks) at {baud:N0} baud ({bytesPerSecond:N0} B/s each way), loopback server",
            MegabytesPerSecond(rate) + $" ({Format.Rate(rate / 1024, "KB/s")})",
            MegabytesPerSecond(bytesPerSecond) + " (line-rate bound: body bytes only)",
            Format.Ratio(rate / bytesPerSecond) + $" ({Format.Percent(rate / bytesPerSecond)} of line rate)",
            Command);
    }

    private static string MegabytesPerSecond(double bytesPerSecond) => Format.Number(bytesPerSecond / 1048576, "N3") + " MB/s";

    private static async Task<BenchResult> HttpMemoryAsync(LocalNetServers servers)
    {
        async Task<long> PeakAsync(int size)
        {
            await using var rig = await Rig.StartAsync(servers, baud: 0).ConfigureAwait(false);
            var transfer = new HttpTransfer(rig.Modem);
            GC.Collect();
            await using var sampler = new ProcessSampler();
            var result = await transfer.DownloadAsync($"http://{Host}/bytes/{size}", null, Stream.Null).ConfigureAwait(false);
            await sampler.StopAsync().ConfigureAwait(false);
            if (result.BytesReceived != size) throw new InvalidOperationException($"the download got {result.BytesReceived} of {size} bytes");
            return sampler.PeakRssBytes;
        }
        var small = await PeakAsync(1024 * 1024).ConfigureAwait(false);
        var large = await PeakAsync(10 * 1024 * 1024).ConfigureAwait(false);
        return new BenchResult("P8d",
            "peak RSS of the whole process (host + virtual module) during an unpaced 10 MB HTTP download through the module",
            $"{large / 1048576.0:N0} MiB", $"{small / 1048576.0:N0} MiB (a 1 MB download, same run)", Format.Ratio((double)large / small) + " (flat = ×1)", Command);
    }
}
