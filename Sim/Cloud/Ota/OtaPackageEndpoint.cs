using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using NLog;

namespace LuatHost.Sim.Cloud.Ota;

/// <summary>One package request as the cloud answered it (tests read these to count bytes fetched twice).</summary>
public sealed record OtaDownloadRecord(string PackageId, string? Range, int Status, long BytesSent, bool Cut);

/// <summary>
/// <c>GET /iotx-ota/&lt;id&gt;/&lt;name&gt;?Expires=…&amp;OSSAccessKeyId=…&amp;Signature=…</c> over the cloud's HTTP(S): the package bytes as
/// OSS serves them (docs/aliyun-iot.md appendix): a wrong signature or a past <c>Expires</c> is 403 with OSS's XML error; a
/// <c>Range</c> is answered 206 with <c>Content-Range: bytes a-b/total</c>, also for <c>bytes=0-</c> (Luat only keeps a 206
/// body); past the end is 416. The file is streamed in 16 KB pieces, so a big package never sits in memory.
/// </summary>
public static class OtaPackageEndpoint
{
    public const string Bucket = "iotx-ota";

    private const int PieceBytes = 16 * 1024;
    private static readonly Logger Log = LogManager.GetLogger("LuatHost.Sim.Cloud.Ota");

    public static void Map(IEndpointRouteBuilder routes, OtaService ota) =>
        routes.MapGet($"/{Bucket}/{{id}}/{{name}}", (HttpContext context, string id, string name) => ServeAsync(context, ota, id));

    private static async Task ServeAsync(HttpContext context, OtaService ota, string id)
    {
        var request = context.Request;
        var response = context.Response;
        var rangeHeader = request.Headers.Range.ToString();
        if (ota.FindPackage(id) is not { } package)
        {
            await ErrorAsync(response, 404, "NoSuchKey", "The specified key does not exist.").ConfigureAwait(false);
            ota.Record(new OtaDownloadRecord(id, rangeHeader, 404, 0, false));
            return;
        }

        var expires = request.Query["Expires"].ToString();
        var signature = request.Query["Signature"].ToString();
        if (!ota.Signer.IsSigned(package.ObjectPath, expires, signature))
        {
            Log.Warn("OTA package {0}: refused a request with a wrong signature (403)", package.FileName);
            await Refuse(ota, package, rangeHeader, response, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.").ConfigureAwait(false);
            return;
        }
        if (ota.Faults.ExpireUrls || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiry)
            || expiry < DateTimeOffset.UtcNow.ToUnixTimeSeconds())
        {
            Log.Warn("OTA package {0}: the URL expired (Expires={1}); 403", package.FileName, expires);
            await Refuse(ota, package, rangeHeader, response, "AccessDenied", "Request has expired.").ConfigureAwait(false);
            return;
        }
        if (ota.Faults.TakeFailure())
        {
            Log.Info("OTA package {0}: fault knob, answering 500", package.FileName);
            await ErrorAsync(response, 500, "InternalError", "We encountered an internal error. Please try again.").ConfigureAwait(false);
            ota.Record(new OtaDownloadRecord(package.Id, rangeHeader, 500, 0, false));
            return;
        }

        var range = ByteRange.Parse(rangeHeader, package.Size, out var unsatisfiable);
        if (unsatisfiable)
        {
            response.Headers.ContentRange = $"bytes */{package.Size}";
            await ErrorAsync(response, 416, "InvalidRange", "The requested range cannot be satisfied.").ConfigureAwait(false);
            ota.Record(new OtaDownloadRecord(package.Id, rangeHeader, 416, 0, false));
            return;
        }
        var slice = range ?? new ByteRange(0, package.Size - 1);
        response.StatusCode = range is null ? 200 : 206;
        response.ContentType = "application/octet-stream";
        response.ContentLength = slice.Length;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = $"\"{package.Md5.ToUpperInvariant()}\"";
        if (range is not null)
        {
            response.Headers.ContentRange = $"bytes {slice.Start}-{slice.End}/{package.Size}";
        }
        var (sent, cut) = await StreamAsync(context, ota.Faults, package, slice).ConfigureAwait(false);
        ota.Record(new OtaDownloadRecord(package.Id, rangeHeader, response.StatusCode, sent, cut));
    }

    private static async Task<(long Sent, bool Cut)> StreamAsync(HttpContext context, OtaFaults faults, OtaPackage package, ByteRange slice)
    {
        var allowed = faults.TakeCut(slice.Start, slice.End) ?? slice.Length;
        var corrupt = faults.CorruptOffset;
        var buffer = ArrayPool<byte>.Shared.Rent(PieceBytes);
        long sent = 0;
        try
        {
            await using var file = new FileStream(package.FilePath, FileMode.Open, FileAccess.Read, FileShare.Read, PieceBytes, useAsync: true);
            file.Position = slice.Start;
            while (sent < allowed)
            {
                var want = (int)Math.Min(PieceBytes, allowed - sent);
                var read = await file.ReadAsync(buffer.AsMemory(0, want), context.RequestAborted).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                if (corrupt is { } at && at >= slice.Start + sent && at < slice.Start + sent + read)
                {
                    buffer[at - slice.Start - sent] ^= 0xFF;
                }
                await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                sent += read;
            }
        }
        catch (Exception e) when (e is IOException or OperationCanceledException)
        {
            return (sent, false); // the device went away; it resumes from what it kept
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (sent < slice.Length)
        {
            Log.Info("OTA package {0}: fault knob, connection cut after {1} of {2} bytes (at offset {3})",
                package.FileName, sent, slice.Length, slice.Start + sent);
            await context.Response.Body.FlushAsync().ConfigureAwait(false);
            // An abort resets the TCP link, and a reset can make the peer drop bytes it has not read yet: give it a moment
            // to take what was sent, so the cut lands where the knob says.
            await Task.Delay(250).ConfigureAwait(false);
            context.Abort();
            return (sent, true);
        }
        return (sent, false);
    }

    private static async Task Refuse(OtaService ota, OtaPackage package, string? range, HttpResponse response, string code, string message)
    {
        await ErrorAsync(response, 403, code, message).ConfigureAwait(false);
        ota.Record(new OtaDownloadRecord(package.Id, range, 403, 0, false));
    }

    /// <summary>OSS's error body: <c>&lt;Error&gt;&lt;Code&gt;…&lt;/Code&gt;&lt;Message&gt;…&lt;/Message&gt;&lt;/Error&gt;</c>.</summary>
    private static Task ErrorAsync(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/xml";
        return response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>{code}</Code>\n  <Message>{message}</Message>\n</Error>\n");
    }
}
