using System.Net;
using System.Net.Sockets;
using System.Text;

namespace LuatHost.Reliability.Tests.BadInputs;

/// <summary>How a fake module behind a loopback TcpListener misbehaves.</summary>
public enum FakeModuleBehaviour
{
    /// <summary>Accepts and never answers (a module at the wrong baud that hears nothing it understands).</summary>
    Silent,

    /// <summary>Answers every command line with ERROR.</summary>
    AnswersError,

    /// <summary>Answers every byte with noise, as a line at the wrong baud looks.</summary>
    Garbage,
}

/// <summary>
/// A throw-away working folder for one bad-input case, with helpers to write project files and to start a fake module
/// on loopback. Everything is removed when the case ends.
/// </summary>
public sealed class CaseFolder : IAsyncDisposable
{
    private readonly List<TcpListener> _listeners = [];
    private readonly CancellationTokenSource _stop = new();

    public string Path { get; } = Directory.CreateTempSubdirectory("luathost-r3-").FullName;

    /// <summary>Writes <paramref name="relative"/> under the folder and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var full = System.IO.Path.Combine(Path, relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text, new UTF8Encoding(false));
        return full;
    }

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
        _ = Task.Run(() => ServeAsync(listener, behaviour, _stop.Token));
        return $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
    }

    private static async Task ServeAsync(TcpListener listener, FakeModuleBehaviour behaviour, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stop);
                _ = Task.Run(() => AnswerAsync(client, behaviour, stop));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private static async Task AnswerAsync(TcpClient client, FakeModuleBehaviour behaviour, CancellationToken stop)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[512];
            var noise = new Random(7);
            try
            {
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, stop);
                    if (n == 0)
                    {
                        return;
                    }
                    switch (behaviour)
                    {
                        case FakeModuleBehaviour.AnswersError when buffer.AsSpan(0, n).Contains((byte)'\r'):
                            await stream.WriteAsync("\r\nERROR\r\n"u8.ToArray(), stop);
                            break;
                        case FakeModuleBehaviour.Garbage:
                            var junk = new byte[n];
                            noise.NextBytes(junk);
                            await stream.WriteAsync(junk, stop);
                            break;
                    }
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
            {
            }
        }
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
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
