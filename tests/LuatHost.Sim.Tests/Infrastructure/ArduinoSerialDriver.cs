using System.Text;
using System.Threading.Channels;

namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>
/// The host side of a UART as a small Arduino AT driver uses it: <c>println</c> (command + CR LF), "clear the input
/// buffer" before a command, and <c>readStringUntil('\n')</c> (the CR stays on the line) matched with
/// <c>startsWith</c> under a millisecond timeout. Lets a test replay a third-party driver's exact logic.
/// </summary>
public sealed class ArduinoSerialDriver : IAsyncDisposable
{
    private readonly Stream _port;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;

    public ArduinoSerialDriver(Stream port)
    {
        _port = port;
        _reader = Task.Run(ReadLinesAsync);
    }

    /// <summary>Every line the driver read, in order (for a failing assertion's message).</summary>
    public List<string> Seen { get; } = [];

    /// <summary><c>sendBlindCommand</c>: println and walk away.</summary>
    public async Task SendBlindAsync(string command)
    {
        await _port.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        await _port.FlushAsync();
    }

    /// <summary><c>sendCommand(command, reply, timeout)</c>: clear input, println, true once a line starts with <paramref name="reply"/>.</summary>
    public async Task<bool> SendCommandAsync(string command, string reply, int timeoutMs = 1000)
    {
        while (_lines.Reader.TryRead(out _))
        {
        }
        await SendBlindAsync(command);
        return await WaitForLineAsync(line => line.StartsWith(reply, StringComparison.Ordinal), timeoutMs) is not null;
    }

    /// <summary>Clears input, println, then reads lines until one starts with <paramref name="end"/> (or the timeout); returns them.</summary>
    public async Task<List<string>> ReadUntilAsync(string command, string end, int timeoutMs = 1000)
    {
        while (_lines.Reader.TryRead(out _))
        {
        }
        await SendBlindAsync(command);
        var read = new List<string>();
        await WaitForLineAsync(line =>
        {
            read.Add(line);
            return line.StartsWith(end, StringComparison.Ordinal);
        }, timeoutMs);
        return read;
    }

    private async Task<string?> WaitForLineAsync(Func<string, bool> match, int timeoutMs)
    {
        using var timeout = new CancellationTokenSource(timeoutMs);
        try
        {
            while (true)
            {
                var line = await _lines.Reader.ReadAsync(timeout.Token);
                if (match(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private async Task ReadLinesAsync()
    {
        var line = new StringBuilder();
        var buffer = new byte[512];
        try
        {
            while (await _port.ReadAsync(buffer, _stop.Token) is var read and > 0)
            {
                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (b == '\n')
                    {
                        var text = line.ToString();
                        lock (Seen) Seen.Add(text);
                        _lines.Writer.TryWrite(text);
                        line.Clear();
                    }
                    else
                    {
                        line.Append((char)b);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _reader;
        _stop.Dispose();
    }
}
