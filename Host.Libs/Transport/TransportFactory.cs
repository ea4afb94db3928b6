using System.Net.Sockets;

namespace LuatHost.Transport;

/// <summary>
/// Opens a link to a module from a port spec string.
/// <code>
/// Stream link = await TransportFactory.OpenAsync("tcp://127.0.0.1:7000");
/// Stream link = await TransportFactory.OpenAsync("/dev/ttyUSB0", new TransportOptions { BaudRate = 115200, RecordPath = "session.txt" });
/// </code>
/// Failures throw <see cref="TransportException"/> whose message names the port and what to do.
/// </summary>
public static class TransportFactory
{
    public static async Task<Stream> OpenAsync(string portSpec, TransportOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new TransportOptions();
        var spec = PortSpec.Parse(portSpec);
        var link = spec.Kind == PortKind.Tcp
            ? await OpenTcpAsync(spec, options.ConnectTimeout, cancellationToken).ConfigureAwait(false)
            : SerialLink.Open(spec.Name, options.BaudRate);
        if (options.RecordPath is null)
        {
            return link;
        }
        try
        {
            return RecordingStream.ToFile(link, options.RecordPath, options.Redact);
        }
        catch
        {
            await link.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Stream> OpenTcpAsync(PortSpec spec, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            await client.ConnectAsync(spec.Host!, spec.Port, timeoutSource.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new TransportException($"Cannot connect to {spec.Name}: no answer within {timeout.TotalSeconds:0.#} s. Check the host and port (is `luathost sim --listen {spec.Name}` or ser2net running?).");
        }
        catch (SocketException ex)
        {
            client.Dispose();
            throw new TransportException($"Cannot connect to {spec.Name}: {ex.Message}. Check the host and port (is `luathost sim --listen {spec.Name}` or ser2net running?).", ex);
        }
        return new OwningStream(client.GetStream(), client);
    }
}

/// <summary>How to open a link; every property has a sensible default.</summary>
public sealed record TransportOptions
{
    /// <summary>Serial baud rate (ignored for tcp://).</summary>
    public int BaudRate { get; init; } = SerialLink.DefaultBaudRate;

    /// <summary>When set, every byte each way is written to this transcript file (see <see cref="RecordingStream"/>).</summary>
    public string? RecordPath { get; init; }

    /// <summary>Applied to transcript entries so secrets never reach the file (pass the AT layer's transcript redactor).</summary>
    public TranscriptRedaction? Redact { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
