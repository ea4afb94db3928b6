using System.IO.Ports;

namespace LuatHost.Transport;

/// <summary>Lists serial ports a module may sit on.</summary>
public static class SerialPortList
{
    /// <summary>
    /// <see cref="SerialPort.GetPortNames"/> plus, on Linux, /dev/ttyUSB* and /dev/ttyACM* (USB modules such as the
    /// Air724UG enumerate as ttyUSB/ttyACM; some .NET versions list only ttyS*). Sorted, without duplicates.
    /// </summary>
    public static IReadOnlyList<string> GetPortNames()
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            names.UnionWith(SerialPort.GetPortNames());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            // Enumeration can fail without /sys access; the /dev scan below still gives the usual candidates.
        }
        if (OperatingSystem.IsLinux() && Directory.Exists("/dev"))
        {
            foreach (var pattern in new[] { "ttyUSB*", "ttyACM*" })
            {
                names.UnionWith(Directory.EnumerateFiles("/dev", pattern));
            }
        }
        return names.ToList();
    }
}
