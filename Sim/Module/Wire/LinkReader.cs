using System.Text;
using System.Threading.Channels;

namespace LuatHost.Sim.Module.Wire;

/// <summary>
/// The module's receive side. A pump copies the stream into a queue so that counted reads can time out
/// (HTTPDATA's ms limit, MPUBEX's idle gap) without leaving a stray read on the stream.
/// Command lines end at CR; LF is ignored so hosts sending CR LF see the same replies as hosts sending CR.
/// </summary>
internal sealed class LinkReader
{
    private const byte Cr = 0x0D;
    private const byte Lf = 0x0A;
    private const byte Backspace = 0x08;
    private const byte Delete = 0x7F;
    private const byte CtrlZ = 0x1A;

    private readonly Channel<byte[]> _chunks = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
    private byte[] _current = [];
    private int _position;
    private readonly CancellationToken _stop;

    public LinkReader(Stream link, CancellationToken stop)
    {
        _stop = stop;
        _ = PumpAsync(link, stop);
    }

    /// <summary>
    /// Next command line, or null at end of stream. Bytes are echoed as they arrive (whole chunk, up to and
    /// including the CR) when <paramref name="echoOn"/> says so, like the module's character echo.
    /// </summary>
    public async Task<string?> ReadLineAsync(Func<bool> echoOn, Func<ReadOnlyMemory<byte>, Task> echo)
    {
        var line = new List<byte>(64);
        while (true)
        {
            if (_position >= _current.Length && !await NextChunkAsync(_stop).ConfigureAwait(false))
            {
                return null;
            }
            var echoBuffer = new List<byte>();
            var complete = false;
            while (_position < _current.Length && !complete)
            {
                var b = _current[_position++];
                switch (b)
                {
                    case Lf:
                        continue;
                    case Cr:
                        complete = true;
                        break;
                    case Backspace or Delete:
                        if (line.Count > 0)
                        {
                            line.RemoveAt(line.Count - 1);
                        }
                        break;
                    default:
                        line.Add(b);
                        break;
                }
                echoBuffer.Add(b);
            }
            if (echoBuffer.Count > 0 && echoOn())
            {
                await echo(echoBuffer.ToArray()).ConfigureAwait(false);
            }
            if (complete)
            {
                SkipLineFeedAfterCr();
                return Encoding.UTF8.GetString(line.ToArray());
            }
        }
    }

    /// <summary>
    /// A host ending the command with CR LF must not have its LF taken as the first data byte after DOWNLOAD or
    /// '>' (docs/air724-at.md §8), so an LF that has already arrived right after the CR belongs to the command.
    /// </summary>
    private void SkipLineFeedAfterCr()
    {
        if (_position >= _current.Length && _chunks.Reader.TryRead(out var next))
        {
            _current = next;
            _position = 0;
        }
        if (_position < _current.Length && _current[_position] == Lf)
        {
            _position++;
        }
    }

    /// <summary>Exactly <paramref name="count"/> raw bytes, or what arrived before <paramref name="timeout"/>.</summary>
    public async Task<(byte[] Data, bool TimedOut)> ReadCountedAsync(int count, TimeSpan timeout)
    {
        var data = new byte[count];
        var filled = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop);
        deadline.CancelAfter(timeout);
        while (filled < count)
        {
            if (_position >= _current.Length && !await NextChunkAsync(deadline.Token).ConfigureAwait(false))
            {
                return (data[..filled], true);
            }
            var take = Math.Min(count - filled, _current.Length - _position);
            Array.Copy(_current, _position, data, filled, take);
            _position += take;
            filled += take;
        }
        return (data, false);
    }

    /// <summary>Bytes up to Ctrl-Z (not included), or until the line stays idle for <paramref name="idleGap"/>.</summary>
    public async Task<byte[]> ReadUntilCtrlZAsync(int maxLength, TimeSpan idleGap)
    {
        var data = new List<byte>();
        while (data.Count < maxLength)
        {
            if (_position >= _current.Length)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(_stop);
                idle.CancelAfter(idleGap);
                if (!await NextChunkAsync(idle.Token).ConfigureAwait(false))
                {
                    break;
                }
            }
            var b = _current[_position++];
            if (b == CtrlZ)
            {
                break;
            }
            data.Add(b);
        }
        return data.ToArray();
    }

    private async Task<bool> NextChunkAsync(CancellationToken cancel)
    {
        try
        {
            while (await _chunks.Reader.WaitToReadAsync(cancel).ConfigureAwait(false))
            {
                if (_chunks.Reader.TryRead(out var chunk))
                {
                    _current = chunk;
                    _position = 0;
                    return true;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        return false;
    }

    private async Task PumpAsync(Stream link, CancellationToken stop)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var read = await link.ReadAsync(buffer, stop).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }
                _chunks.Writer.TryWrite(buffer[..read]);
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            _chunks.Writer.TryComplete();
        }
    }
}
