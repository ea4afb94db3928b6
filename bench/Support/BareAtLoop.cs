using System.Text;

namespace LuatHost.Bench.Support;

/// <summary>
/// The baseline every AT row compares against: the least a host can do for one exchange — write the command bytes,
/// read until the final <c>OK</c> CR LF appears — with no framing, routing, tracing or completion rules.
/// </summary>
public sealed class BareAtLoop(Stream link)
{
    private static readonly byte[] OkTail = "OK\r\n"u8.ToArray();
    private readonly byte[] _buffer = new byte[4096];

    /// <summary>Writes <paramref name="command"/> (with its CR) and reads until a line ends in OK.</summary>
    public async Task ExchangeAsync(ReadOnlyMemory<byte> command)
    {
        await link.WriteAsync(command).ConfigureAwait(false);
        await link.FlushAsync().ConfigureAwait(false);
        await ReadUntilOkAsync().ConfigureAwait(false);
    }

    /// <summary>Reads until OK CR LF; the bytes before it (echo, URCs, boot lines) are dropped.</summary>
    public async Task ReadUntilOkAsync()
    {
        var matched = 0;
        while (true)
        {
            var n = await link.ReadAsync(_buffer).ConfigureAwait(false);
            if (n == 0)
            {
                throw new EndOfStreamException("the module closed the link during a bare exchange");
            }
            for (var i = 0; i < n; i++)
            {
                // A tiny matcher for "OK\r\n" across read boundaries.
                matched = _buffer[i] == OkTail[matched] ? matched + 1 : _buffer[i] == OkTail[0] ? 1 : 0;
                if (matched == OkTail.Length)
                {
                    return;
                }
            }
        }
    }

    public static byte[] Command(string text) => Encoding.ASCII.GetBytes(text + "\r");
}
