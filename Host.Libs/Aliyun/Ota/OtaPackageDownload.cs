using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using LuatHost.At;
using LuatHost.Modem;
using NLog;

namespace LuatHost.Aliyun.Ota;

/// <summary>Where a package goes: its path on the device (what <c>setCb</c> gets) and the host file behind it.</summary>
public sealed record OtaFilePlace(string DevicePath, string HostPath);

/// <summary>
/// One package download through the module's HTTP commands (<see cref="HttpTransfer"/>), as Luat's lib/aLiYunOta.lua
/// does it: ranged GETs that resume from the bytes kept, only a 206 body kept (Luat drops any other), up to 30 retries,
/// progress about every 5 s, then MD5 of the whole file compared case-insensitively. The bytes go to
/// <c>&lt;target&gt;.part</c> one <c>AT+HTTPREAD</c> chunk at a time (nothing else of the package is in memory); the file
/// gets its real name only once verified, so nothing half-written ever sits under the target name.
/// </summary>
public sealed class OtaPackageDownload(HttpTransfer transfer, OtaUpgradeNotice notice, OtaFilePlace place, OtaDownloadOptions options)
{
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Aliyun.Ota");

    private long _received;

    /// <summary>A progress step to report, Luat-formatted (<c>"33.333333333333"</c>), about every <see cref="OtaDownloadOptions.ProgressInterval"/>.</summary>
    public event Action<string>? Step;

    /// <summary>Bytes kept so far.</summary>
    public long Received => Interlocked.Read(ref _received);

    public double Percent => Received * 100.0 / notice.Size;

    /// <summary>Lua 5.1 prints a number with <c>%.14g</c>; Luat's step is <c>bytes*100/size</c> printed that way.</summary>
    public static string LuaNumber(double value) => value.ToString("G14", CultureInfo.InvariantCulture);

    public async Task<OtaDownloadResult> RunAsync(CancellationToken cancellationToken)
    {
        var temp = place.HostPath + ".part";
        Directory.CreateDirectory(Path.GetDirectoryName(place.HostPath)!);
        var clock = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        var lastStep = "";
        long fetched = 0;
        string? lastProblem = null;
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.Read, 4096, useAsync: true);
        try
        {
            // A request that keeps its window is the next step, not a retry: only failed attempts count toward Luat's 30
            // and wait the retry pause (a window after a good one follows at once).
            var failures = 0;
            while (Received < notice.Size)
            {
                if (failures > options.Retries)
                {
                    return Fail(-2, $"gave up after {failures} attempts failed ({lastProblem}); kept {Received} of {notice.Size} bytes", fetched);
                }
                if (lastProblem is not null)
                {
                    await Task.Delay(options.RetryDelay, cancellationToken).ConfigureAwait(false);
                }
                var start = Received;
                var range = options.RequestWindowBytes <= 0
                    ? $"bytes={start}-"
                    : $"bytes={start}-{Math.Min(notice.Size, start + options.RequestWindowBytes) - 1}";
                string? refusal = null;
                using var receive = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                receive.CancelAfter(options.ReceiveTimeout);
                try
                {
                    var request = new HttpTransferRequest(HttpAction.Get, notice.Url.ToString()) { Headers = [new("Range", range)] };
                    var result = await transfer.SendAsync(request, head =>
                    {
                        refusal = Refusal(head, start);
                        if (refusal is not null) return null;
                        return async (chunk, ct) =>
                        {
                            if (Received + chunk.Length > notice.Size)
                            {
                                throw new InvalidDataException($"the server sent more than the pushed size of {notice.Size} bytes");
                            }
                            await file.WriteAsync(chunk, ct).ConfigureAwait(false);
                            md5.AppendData(chunk.Span);
                            Interlocked.Add(ref _received, chunk.Length);
                            fetched += chunk.Length;
                            receive.CancelAfter(options.ReceiveTimeout);
                            OtaDownloadFeed.Raise(new OtaDownloadProgress(notice.Version, Received, notice.Size, clock.Elapsed));
                            if (clock.Elapsed - lastReport >= options.ProgressInterval && LuaNumber(Percent) != lastStep && Received < notice.Size)
                            {
                                lastReport = clock.Elapsed;
                                lastStep = LuaNumber(Percent);
                                Step?.Invoke(lastStep);
                            }
                        };
                    }, receive.Token).ConfigureAwait(false);
                    refusal ??= result.IsModuleError ? ModuleError(result.StatusCode) : null;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    refusal = $"nothing received for {options.ReceiveTimeout.TotalSeconds:0} s";
                }
                catch (Exception e) when (e is AtException or IOException or InvalidDataException)
                {
                    refusal = e.Message;
                }
                if (refusal is null && Received == start)
                {
                    refusal = "the answer carried none of the package";
                }
                if (refusal is not null)
                {
                    lastProblem = refusal;
                    failures++;
                    Log.Info("aLiYunOta: download attempt failed ({0} of {1} allowed failures, {2}): {3}; {4}", failures, options.Retries + 1, range, refusal,
                        failures <= options.Retries ? $"resuming from byte {Received}" : "no retries left");
                }
                else
                {
                    lastProblem = null;
                }
            }
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            await file.DisposeAsync().ConfigureAwait(false);
            var actual = Convert.ToHexString(md5.GetHashAndReset());
            if (!actual.Equals(notice.Md5, StringComparison.OrdinalIgnoreCase))
            {
                return Fail(-3, $"MD5 of the downloaded file is {actual}, the push said {notice.Md5}", fetched);
            }
            File.Move(temp, place.HostPath, overwrite: true);
            OtaDownloadFeed.Raise(new OtaDownloadProgress(notice.Version, Received, notice.Size, clock.Elapsed, Finished: true, Succeeded: true));
            return new OtaDownloadResult(true, 100, place.DevicePath, null, fetched);
        }
        finally
        {
            await file.DisposeAsync().ConfigureAwait(false);
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        // The .part file is removed by the finally above: nothing half-written stays behind.
        OtaDownloadResult Fail(int step, string reason, long bytes)
        {
            OtaDownloadFeed.Raise(new OtaDownloadProgress(notice.Version, Received, notice.Size, clock.Elapsed, Finished: true));
            return new OtaDownloadResult(false, step, null, reason, bytes);
        }
    }

    /// <summary>Why a response cannot be kept: Luat keeps only a 206 whose range starts at the bytes already kept.</summary>
    private string? Refusal(HttpTransferResult head, long start)
    {
        if (head.IsModuleError)
        {
            return ModuleError(head.StatusCode);
        }
        if (head.StatusCode == 403)
        {
            return "the server refused the package URL (403): it has expired or its signature is wrong; push the upgrade again";
        }
        if (head.StatusCode != 206)
        {
            return $"the server answered {head.StatusCode}, not 206 Partial Content (Luat keeps only a 206 body)";
        }
        var contentRange = head.Header("Content-Range");
        if (contentRange is null || !contentRange.StartsWith($"bytes {start}-", StringComparison.OrdinalIgnoreCase))
        {
            return $"the 206 answer's Content-Range '{contentRange}' does not start at byte {start}";
        }
        var slash = contentRange.LastIndexOf('/');
        if (slash > 0 && long.TryParse(contentRange[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var total) && total != notice.Size)
        {
            return $"the package is {total} bytes on the server, the push said {notice.Size}";
        }
        return null;
    }

    private static string ModuleError(int status) => status switch
    {
        601 => "module HTTP error 601 (network: the connection failed or dropped)",
        603 => "module HTTP error 603 (DNS: the host name did not resolve)",
        605 or 606 => $"module HTTP error {status} (TLS set-up failed)",
        _ => $"module HTTP error {status}",
    };
}
