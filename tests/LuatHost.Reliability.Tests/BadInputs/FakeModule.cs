using System.Net.Sockets;

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

/// <summary>A "module" behind a loopback TcpListener that never answers OK, for the wrong-baud and refusing cases.</summary>
internal static class FakeModule
{
    public static async Task ServeAsync(TcpListener listener, FakeModuleBehaviour behaviour, CancellationToken stop)
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
}
