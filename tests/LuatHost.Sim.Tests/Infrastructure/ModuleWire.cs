using System.Text;
using LuatHost.Sim.Module;
using LuatHost.Transport;

namespace LuatHost.Sim.Tests.Infrastructure;

/// <summary>
/// The host end of a wire to a running virtual module: write bytes, then read back exactly the bytes expected.
/// Reads are bounded by a generous timeout only so a broken module fails the test instead of hanging it.
/// </summary>
public sealed class ModuleWire : IAsyncDisposable
{
    public const string BootBurst = "\r\nRDY\r\n\r\n^MODE: 17,17\r\n\r\n+E_UTRAN Service\r\n\r\n+CGEV: ME PDN ACT 1,0\r\n";
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(20);

    private readonly Stream _host;

    private ModuleWire(Stream host, VirtualModule module)
    {
        _host = host;
        Module = module;
    }

    public VirtualModule Module { get; }

    /// <summary>Powers on a module and consumes its boot URCs.</summary>
    public static async Task<ModuleWire> StartAsync(ModuleOptions? options = null)
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        var module = new VirtualModule(device, options ?? new ModuleOptions()).Start();
        var wire = new ModuleWire(host, module);
        await wire.ExpectAsync(BootBurst);
        return wire;
    }

    /// <summary>Powers on a module and leaves its boot URCs unread (for tests about the boot itself).</summary>
    public static ModuleWire StartUnread(ModuleOptions options)
    {
        var (host, device) = InMemoryDuplex.CreatePair();
        return new ModuleWire(host, new VirtualModule(device, options).Start());
    }

    public Task SendAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text));

    public async Task SendAsync(byte[] bytes)
    {
        await _host.WriteAsync(bytes);
        await _host.FlushAsync();
    }

    /// <summary>Reads exactly as many bytes as <paramref name="expected"/> has and asserts they are equal.</summary>
    public async Task ExpectAsync(string expected) => await ExpectAsync(Encoding.UTF8.GetBytes(expected));

    public async Task ExpectAsync(byte[] expected)
    {
        var actual = await ReadExactlyAsync(expected.Length);
        Assert.Equal(Printable(expected), Printable(actual));
    }

    /// <summary>Sends a command line (CR-terminated, as the tutorial says) and asserts the whole reply.</summary>
    public async Task ExchangeAsync(string command, string expectedReply)
    {
        await SendAsync(command + "\r");
        await ExpectAsync(expectedReply);
    }

    public async Task<byte[]> ReadExactlyAsync(int count)
    {
        var buffer = new byte[count];
        var filled = 0;
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            while (filled < count)
            {
                var read = await _host.ReadAsync(buffer.AsMemory(filled), guard.Token);
                Assert.True(read > 0, "the module closed the line");
                filled += read;
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"waited for {count} bytes, got only {filled}: {Printable(buffer[..filled])}");
        }
        return buffer;
    }

    /// <summary>Reads until <paramref name="terminator"/> has been seen; returns everything read.</summary>
    public async Task<string> ReadUntilAsync(string terminator)
    {
        var text = new StringBuilder();
        var one = new byte[1];
        using var guard = new CancellationTokenSource(HangGuard);
        while (!text.ToString().EndsWith(terminator, StringComparison.Ordinal))
        {
            await _host.ReadExactlyAsync(one, guard.Token);
            text.Append((char)one[0]);
        }
        return text.ToString();
    }

    /// <summary>CR/LF made visible so a failing assertion shows where framing went wrong.</summary>
    private static string Printable(byte[] bytes) =>
        Encoding.UTF8.GetString(bytes).Replace("\r", "<CR>", StringComparison.Ordinal).Replace("\n", "<LF>", StringComparison.Ordinal);

    public async ValueTask DisposeAsync()
    {
        await Module.DisposeAsync();
        await _host.DisposeAsync();
    }
}
