using System.IO.Ports;

namespace LuatHost.Transport;

/// <summary>Opens a serial port as a duplex stream (8N1, no handshake: the Air724 default).</summary>
public static class SerialLink
{
    public const int DefaultBaudRate = 115200;

    public static Stream Open(string portName, int baudRate = DefaultBaudRate)
    {
        if (baudRate <= 0)
        {
            throw new TransportException($"Baud rate {baudRate} for {portName} is not valid; use the module's rate (115200 by default, see AT+IPR).");
        }
        var port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            // The AT engine frames lines itself; reads must return whatever arrived, never wait for a newline.
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 5000,
            DtrEnable = true,
            RtsEnable = true,
        };
        try
        {
            port.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            port.Dispose();
            var what = ex switch
            {
                UnauthorizedAccessException => "it is busy or you lack permission (close other terminals; on Linux add yourself to the dialout group)",
                ArgumentException => "the name or baud rate is not valid",
                _ => "it does not exist or cannot be opened",
            };
            throw new TransportException($"Cannot open serial port {portName} at {baudRate} baud: {what}. Run `luathost ports` to list ports. ({ex.Message})", ex);
        }
        return new OwningStream(port.BaseStream, port);
    }
}
