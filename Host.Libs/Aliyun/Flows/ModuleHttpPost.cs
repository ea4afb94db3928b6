using System.Text;
using LuatHost.Aliyun.Signing;
using LuatHost.At;
using LuatHost.Modem;

namespace LuatHost.Aliyun.Flows;

/// <summary>
/// A form POST through the module's own HTTP client, exactly as the tutorial types it: AT+HTTPINIT,
/// AT+HTTPPARA="URL", AT+HTTPPARA="USER_DEFINED","Content-Type: application/x-www-form-urlencoded",
/// AT+HTTPDATA=&lt;exact byte length&gt;,20000 → DOWNLOAD → body, AT+HTTPACTION=1 → +HTTPACTION: 1,200,n,
/// AT+HTTPREAD, AT+HTTPTERM. The body carries a sign; the AT tracer masks it.
/// </summary>
internal static class ModuleHttpPost
{
    private static readonly TimeSpan BodyInputWindow = TimeSpan.FromMilliseconds(20000);

    public static async Task<byte[]> PostFormAsync(Air724 modem, string url, FormBody body, AliyunProblemStage stage, CancellationToken cancellationToken)
    {
        await InitAsync(modem.Http, cancellationToken).ConfigureAwait(false);
        try
        {
            await modem.Http.SetUrlAsync(url, cancellationToken).ConfigureAwait(false);
            await modem.Http.AddHeaderAsync("Content-Type: " + AuthRequestBodies.ContentType, cancellationToken).ConfigureAwait(false);
            await modem.Http.WriteBodyAsync(Encoding.UTF8.GetBytes(body.Body), BodyInputWindow, cancellationToken).ConfigureAwait(false);
            var action = await modem.Http.ActionAsync(HttpAction.Post, cancellationToken).ConfigureAwait(false);
            if (action.IsModuleError)
            {
                throw new AliyunFlowException(stage,
                    $"the module could not complete POST {HostOf(url)} (+HTTPACTION status {action.StatusCode}: 601 network, 603 DNS, 605/606 TLS); check the network and the host name");
            }
            if (!action.IsSuccess)
            {
                throw new AliyunFlowException(stage, $"POST {HostOf(url)} answered HTTP {action.StatusCode}; the auth service is not available");
            }
            return action.ContentLength == 0 ? [] : await modem.Http.ReadBodyAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await modem.Http.TerminateAsync(ignoreErrors: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    // A previous run (or a reset in the middle of a request) may have left a session open: HTTPINIT then fails once.
    private static async Task InitAsync(Http http, CancellationToken cancellationToken)
    {
        try
        {
            await http.InitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AtCommandFailedException)
        {
            await http.TerminateAsync(ignoreErrors: true, cancellationToken).ConfigureAwait(false);
            await http.InitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string HostOf(string url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Host + uri.AbsolutePath : url;
}
