using System.Diagnostics;
using System.Text;

namespace LuatHost.Sim.Module.Wire;

/// <summary>
/// The module's transmit side. Every info line and result code is framed <c>CR LF line CR LF</c> (docs/air724-at.md §1);
/// writes never interleave, and output can be paced to a baud rate.
/// </summary>
internal sealed class LinkWriter(Stream link, LinkConditions conditions)
{
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private long _lineFreeAt;

    public Task LineAsync(string line) => WriteAsync(Frame(Encoding.UTF8.GetBytes(line)));

    /// <summary>Several lines written as one burst, so no URC can slip between them.</summary>
    public Task LinesAsync(params string[] lines)
    {
        using var buffer = new MemoryStream();
        foreach (var line in lines)
        {
            buffer.Write(Frame(Encoding.UTF8.GetBytes(line)));
        }
        return WriteAsync(buffer.ToArray());
    }

    public Task OkAsync() => LineAsync("OK");

    public Task ErrorAsync() => LineAsync("ERROR");

    /// <summary>Written unframed: echo, prompts, counted payloads, noise.</summary>
    public Task RawAsync(ReadOnlyMemory<byte> bytes) => WriteAsync(bytes);

    public static byte[] Frame(ReadOnlySpan<byte> line)
    {
        var framed = new byte[line.Length + 4];
        Crlf.CopyTo(framed, 0);
        line.CopyTo(framed.AsSpan(2));
        Crlf.CopyTo(framed, line.Length + 2);
        return framed;
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> bytes)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            var rate = conditions.BytesPerSecond;
            if (rate <= 0)
            {
                await link.WriteAsync(bytes).ConfigureAwait(false);
            }
            else
            {
                // Slices of ~10 ms worth of bytes keep the average rate without a timer per byte. A slice is handed
                // over when its last byte would have left the UART (_lineFreeAt); a wait under half a timer tick is
                // carried over to the next slice instead of being lost, so short answers (a 6-byte OK) are paced too.
                // Within one burst the line never idles (a UART fed from a FIFO keeps clocking), so a timer that woke
                // late is made up by the next slices instead of slowing the emulated line below its baud rate; the
                // line is only idle between bursts.
                var slice = Math.Max(1, rate / 100);
                var burstStart = Stopwatch.GetTimestamp();
                if (_lineFreeAt < burstStart)
                {
                    _lineFreeAt = burstStart;
                }
                for (var offset = 0; offset < bytes.Length; offset += slice)
                {
                    var part = bytes.Slice(offset, Math.Min(slice, bytes.Length - offset));
                    var now = Stopwatch.GetTimestamp();
                    _lineFreeAt += (long)((double)part.Length / rate * Stopwatch.Frequency);
                    var wait = Stopwatch.GetElapsedTime(now, _lineFreeAt);
                    if (wait >= TimeSpan.FromMilliseconds(0.5))
                    {
                        await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait).ConfigureAwait(false);
                    }
                    await link.WriteAsync(part).ConfigureAwait(false);
                    await link.FlushAsync().ConfigureAwait(false);
                }
            }
            await link.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The host hung up; the reader loop notices EOF and ends the session.
        }
        finally
        {
            _gate.Release();
        }
    }
}
