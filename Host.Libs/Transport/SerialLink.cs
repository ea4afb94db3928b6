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
        // On Unix System.IO.Ports reports a missing device as "access denied"; say what is really wrong.
        if (!OperatingSystem.IsWindows() && portName.StartsWith('/') && !File.Exists(portName))
        {
            throw new TransportException($"Serial port {portName} does not exist: plug the module in or check the name. Run `luathost ports` to list ports.");
        }
        var port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            // The AT engine frames lines itself; reads must return whatever arrived, never wait for a newline.
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 5000,
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
        RaiseModemControlLines(port);
        return new OwningStream(port.BaseStream, port);
    }

    /// <summary>
    /// USB-serial adapters often gate the module's UART on DTR/RTS, so raise them; ptys (virtual module via --pty,
    /// tests) and some adapters have no modem-control lines and refuse the ioctl, which is harmless.
    /// </summary>
    private static void RaiseModemControlLines(SerialPort port)
    {
        try
        {
            port.DtrEnable = true;
            port.RtsEnable = true;
        }
        catch (IOException)
        {
        }
    }
}
