using System.Net;
using System.Net.Sockets;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>
/// A throw-away working folder for one bad-input case, with helpers to write project files and to start a fake module
/// on loopback. Everything is removed when the case ends.
/// </summary>
public sealed class CaseFolder : IAsyncDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();

    private readonly TemporaryFolder _folder = new("luathost-r3");

    public string Path => _folder.Root;

    /// <summary>Writes <paramref name="relative"/> under the folder and returns its full path.</summary>
    public string Write(string relative, string text) => _folder.Write(relative, text);

    public string Dir(string relative) => System.IO.Path.Combine(Path, relative);

    /// <summary>A loopback port with nothing behind it that will answer (bound, then released).</summary>
    public static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Listens on loopback and keeps the port taken, so a second server cannot bind it.</summary>
    public int OccupyPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _listeners.Add(listener);
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts a fake module on loopback and returns its <c>tcp://</c> port spec.</summary>
    public string StartFakeModule(FakeModuleBehaviour behaviour)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _listeners.Add(listener);
        _ = Task.Run(() => FakeModule.ServeAsync(listener, behaviour, _stop.Token));
        return $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        foreach (var listener in _listeners)
        {
            listener.Stop();
            listener.Dispose();
        }
        _stop.Dispose();
        _folder.Dispose();
    }
}
