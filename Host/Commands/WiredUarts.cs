using LuatHost.Luat.Device;
using LuatHost.Transport;

namespace LuatHost.Cli.Commands;

/// <summary>
/// The ports `--uart` wires to the module's UARTs, opened before the module starts (a wrong port ends the run at once,
/// naming it) and closed when the run ends; script restarts keep them.
/// </summary>
internal sealed class WiredUarts : IAsyncDisposable
{
    private WiredUarts(Dictionary<long, UartPort> ports) => Ports = ports;

    public IReadOnlyDictionary<long, UartPort> Ports { get; }

    public static async Task<WiredUarts> OpenAsync(IReadOnlyList<(long Id, string Port, int Baud)> uarts, CancellationToken ct)
    {
        var ports = new Dictionary<long, UartPort>();
        try
        {
            foreach (var (id, port, baud) in uarts)
            {
                Stream stream;
                try
                {
                    stream = await TransportFactory.OpenAsync(port, new TransportOptions { BaudRate = baud }, ct).ConfigureAwait(false);
                }
                catch (TransportException ex)
                {
                    throw new TransportException($"--uart {id}={port}: {ex.Message}", ex);
                }
                ports[id] = new UartPort(port, stream);
            }
            return new WiredUarts(ports);
        }
        catch
        {
            foreach (var open in ports.Values) await open.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var port in Ports.Values) await port.DisposeAsync().ConfigureAwait(false);
    }
}
