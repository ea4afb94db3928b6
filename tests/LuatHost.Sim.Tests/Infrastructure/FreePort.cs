using System.Net;
using System.Net.Sockets;

namespace LuatHost.Sim.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A loopback port that was free a moment ago (for servers that need the port before they start).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
