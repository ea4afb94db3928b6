using System.Collections.Concurrent;
using System.Text;

namespace LuatHost.At.Tests;

/// <summary>
/// A tiny scripted fake device on the far end of a real link: it reads CR-terminated command lines, optionally echoes
/// them, and answers with canned bytes or a scripted handler. It is the peer, not a stand-in for the engine.
/// Commands without a script get no answer at all (that is how timeout paths are exercised).
/// </summary>
internal sealed class ScriptedModule : IAsyncDisposable
{
    private readonly Stream _device;
    private readonly Dictionary<string, Func<Exchange, Task>> _scripts = new(StringComparer.Ordinal);
    private readonly byte[] _buffer = new byte[4096];
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _filled;
    private int _position;

    public ScriptedModule(Stream device, bool echo = false)
    {
        _device = device;
        Echo = echo;
        _loop = Task.Run(RunAsync);
    }

    public bool Echo { get; set; }

    /// <summary>Every command line received, in order.</summary>
    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>Every prompt payload received, in order.</summary>
    public ConcurrentQueue<byte[]> Payloads { get; } = new();

    /// <summary>Answers <paramref name="command"/> with the given chunks, written one after another.</summary>
    public ScriptedModule On(string command, params string[] chunks) =>
        On(command, async exchange =>
        {
            foreach (var chunk in chunks)
            {
                await exchange.SendAsync(chunk);
            }
        });

    public ScriptedModule On(string command, Func<Exchange, Task> script)
    {
        lock (_scripts)
        {
            _scripts[command] = script;
        }
        return this;
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _writeLock.WaitAsync();
        try
        {
            await _device.WriteAsync(bytes);
            await _device.FlushAsync();
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task RunAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var line = await ReadLineAsync();
                if (line is null)
                {
                    return;
                }
                if (line.Length == 0)
                {
                    continue;
                }
                Commands.Enqueue(line);
                if (Echo)
                {
                    await SendAsync(line + "\r");
                }
                Func<Exchange, Task>? script;
                lock (_scripts)
                {
                    _scripts.TryGetValue(line, out script);
                }
                if (script is not null)
                {
                    await script(new Exchange(this, line));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
    }

    private async Task<string?> ReadLineAsync()
    {
        var line = new List<byte>();
        while (true)
        {
            var b = await ReadByteAsync();
            if (b < 0)
            {
                return null;
            }
            if (b == '\r')
            {
                return Encoding.UTF8.GetString(line.ToArray());
            }
            if (b == '\n')
            {
                continue;
            }
            line.Add((byte)b);
        }
    }

    private async Task<int> ReadByteAsync()
    {
        if (_position == _filled)
        {
            _filled = await _device.ReadAsync(_buffer, _stop.Token);
            _position = 0;
            if (_filled == 0)
            {
                return -1;
            }
        }
        return _buffer[_position++];
    }

    private async Task<byte[]> ReadExactlyAsync(int count, bool skipLeadingLf)
    {
        var data = new byte[count];
        var n = 0;
        while (n < count)
        {
            var b = await ReadByteAsync();
            if (b < 0)
            {
                throw new IOException("link closed while reading prompt data");
            }
            if (skipLeadingLf && n == 0 && b == '\n')
            {
                // The host ends prompt commands with CRLF; the LF is framing, not data.
                skipLeadingLf = false;
                continue;
            }
            data[n++] = (byte)b;
        }
        Payloads.Enqueue(data);
        return data;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _device.DisposeAsync();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>One received command and the means to answer it.</summary>
    internal sealed class Exchange(ScriptedModule module, string command)
    {
        public string Command { get; } = command;

        public Task SendAsync(string text) => module.SendAsync(text);

        public Task SendAsync(byte[] bytes) => module.SendAsync(bytes);

        /// <summary>Closes the device end of the link, like a pulled cable.</summary>
        public ValueTask CloseLinkAsync() => module._device.DisposeAsync();

        /// <summary>Reads exactly <paramref name="count"/> bytes sent after a prompt.</summary>
        public Task<byte[]> ReadPayloadAsync(int count) => module.ReadExactlyAsync(count, skipLeadingLf: true);
    }
}
