namespace LuatHost.Transport;

/// <summary>
/// A parsed port spec: <c>tcp://host:port</c> (a raw TCP serial server such as ser2net, or <c>luathost sim --listen</c>)
/// or a serial device name (<c>COM3</c>, <c>/dev/ttyUSB0</c>, <c>/dev/pts/5</c>).
/// </summary>
public sealed record PortSpec(PortKind Kind, string Name, string? Host = null, int Port = 0)
{
    private const string TcpScheme = "tcp://";

    /// <summary>Parses a port spec; throws <see cref="TransportException"/> with a usable message when it is malformed.</summary>
    public static PortSpec Parse(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var trimmed = spec.Trim();
        if (trimmed.Length == 0)
        {
            throw new TransportException("No port given: pass a serial port (COM3, /dev/ttyUSB0) or tcp://host:port; `luathost ports` lists serial ports.");
        }
        if (!trimmed.StartsWith(TcpScheme, StringComparison.OrdinalIgnoreCase))
        {
            return new PortSpec(PortKind.Serial, trimmed);
        }
        var hostPort = trimmed[TcpScheme.Length..].TrimEnd('/');
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort[(colon + 1)..], out var port) || port is < 1 or > 65535)
        {
            throw new TransportException($"Port spec '{spec}' is not tcp://host:port with a port number 1..65535 (example: tcp://127.0.0.1:7000).");
        }
        var host = hostPort[..colon].Trim('[', ']');
        return new PortSpec(PortKind.Tcp, trimmed, host, port);
    }

    public override string ToString() => Name;
}

public enum PortKind
{
    Serial,
    Tcp,
}
